/**
 * miniprogram-simulate in the browser: its browser mode reads the compiled
 * mini-program from `window.__FILE_MAP__`; templates come compiled by wcc (as
 * functions, which its 'official' path accepts), so TDesign's wxs modules and
 * `<template is>` work as on the phone; modules load through ./modules.
 */
import simulate from 'miniprogram-simulate';
import simulateUtils from 'miniprogram-simulate/src/utils';
import { fileMap, runComponentFile } from './modules';

interface CompiledTemplates {
  __WXML_FILES__: string[];
  __GWX__: (path: string) => unknown;
}

let installed = false;

export function installFramework(): typeof simulate {
  if (installed) return simulate;
  installed = true;
  const w = window as unknown as CompiledTemplates;
  const files = fileMap();
  for (const wxml of w.__WXML_FILES__) files[wxml] = w.__GWX__(wxml);
  simulateUtils.runJs = runComponentFile;
  return simulate;
}

const loaded = new Map<string, string>();

/**
 * Registers a page and everything it uses, once per page: `/pages/home/index`.
 * Each page gets its own tag name, which prefixes its classes, so two pages'
 * `.title` rules never meet.
 */
export function loadPage(route: string): string {
  let id = loaded.get(route);
  if (!id) {
    const tagName = `page-${route.replace(/^\/?pages\//, '').replace(/\/index$/, '').replace(/[^a-z0-9]+/gi, '-')}`;
    id = simulate.load(`/${route.replace(/^\//, '')}`, tagName, { compiler: 'official', rootPath: '/' });
    loaded.set(route, id);
  }
  return id;
}

export function readJsonFile<T>(file: string): T | undefined {
  const content = fileMap()[file.replace(/^\//, '')];
  return typeof content === 'string' ? (JSON.parse(content) as T) : undefined;
}
