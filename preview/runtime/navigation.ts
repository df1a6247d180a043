/**
 * The page stack, the navigation bar and the tab bar, with WeChat's rules:
 * navigateTo pushes (at most 10), redirectTo replaces the top page,
 * navigateBack pops, switchTab closes every non-tab page and shows a tab page
 * (tab pages stay alive once opened), reLaunch closes everything. Pages get
 * onLoad(query), onShow, onHide, onUnload, onReachBottom, onPullDownRefresh.
 */
import { installFramework, loadPage, readJsonFile } from './framework';
import { browserUrl } from './media-url';

interface WindowConfig {
  navigationBarTitleText?: string;
  enablePullDownRefresh?: boolean;
  onReachBottomDistance?: number;
}

interface TabItem {
  pagePath: string;
  text: string;
  iconPath?: string;
  selectedIconPath?: string;
}

export interface AppJson {
  pages: string[];
  window?: WindowConfig;
  tabBar?: { color?: string; selectedColor?: string; backgroundColor?: string; list: TabItem[] };
}

type Hook = 'onLoad' | 'onShow' | 'onHide' | 'onUnload' | 'onReachBottom' | 'onPullDownRefresh' | 'onPageScroll';

interface RenderedPage {
  instance: Record<string, unknown>;
  attach(parent: Element): void;
  detach(): void;
  triggerPageLifeTime(name: string, ...args: unknown[]): void;
}

export interface PageEntry {
  route: string;
  query: Record<string, string>;
  rendered: RenderedPage;
  element: HTMLElement;
  config: WindowConfig;
  title: string;
  atBottom: boolean;
}

const MAX_STACK = 10;

export class Navigator {
  private stack: PageEntry[] = [];
  private readonly tabs = new Map<string, PageEntry>();
  private readonly tabRoutes: string[];

  constructor(
    private readonly app: AppJson,
    private readonly ui: { viewport: HTMLElement; navbar: HTMLElement; tabbar: HTMLElement },
  ) {
    this.tabRoutes = (app.tabBar?.list ?? []).map((t) => t.pagePath);
    this.renderTabBar();
    ui.navbar.querySelector('.navbar__back')?.addEventListener('click', () => void this.navigateBack(1));
    ui.navbar.querySelector('.navbar__home')?.addEventListener('click', () => void this.reLaunch(`/${this.app.pages[0]}`));
    ui.navbar.querySelector('.navbar__refresh')?.addEventListener('click', () => this.refresh());
  }

  get current(): PageEntry | undefined {
    return this.stack[this.stack.length - 1];
  }

  pages(): PageEntry[] {
    return [...this.stack];
  }

  private parse(url: string, from?: string): { route: string; query: Record<string, string> } {
    const [rawPath, search = ''] = url.split('?');
    let route = rawPath.replace(/^\//, '');
    if (!rawPath.startsWith('/') && from) {
      // relative to the current page's folder, as WeChat allows
      const parts = from.split('/').slice(0, -1);
      for (const part of rawPath.split('/')) {
        if (part === '..') parts.pop();
        else if (part !== '.') parts.push(part);
      }
      route = parts.join('/');
    }
    if (!this.app.pages.includes(route)) throw new Error(`page "${route}" is not found`);
    return { route, query: Object.fromEntries(new URLSearchParams(search)) };
  }

  private call(entry: PageEntry, hook: Hook, ...args: unknown[]): unknown {
    const fn = entry.rendered.instance[hook];
    try {
      return typeof fn === 'function' ? fn.apply(entry.rendered.instance, args) : undefined;
    } catch (error) {
      console.error(`[preview] ${entry.route} ${hook} failed`, error);
      return undefined;
    }
  }

  private create(route: string, query: Record<string, string>): PageEntry {
    const simulate = installFramework();
    const id = loadPage(route);
    const rendered = simulate.render(id) as unknown as RenderedPage;
    const config = { ...this.app.window, ...readJsonFile<WindowConfig>(`/${route}.json`) };
    const element = document.createElement('page');
    element.dataset.route = route;
    this.ui.viewport.appendChild(element);
    rendered.attach(element);
    const entry: PageEntry = { route, query, rendered, element, config, title: config.navigationBarTitleText ?? '', atBottom: false };
    (rendered.instance as Record<string, unknown>).route = route;
    (rendered.instance as Record<string, unknown>).options = query;
    element.addEventListener('scroll', () => this.onScroll(entry), { passive: true });
    return entry;
  }

  private onScroll(entry: PageEntry): void {
    const el = entry.element;
    this.call(entry, 'onPageScroll', { scrollTop: el.scrollTop });
    const distance = entry.config.onReachBottomDistance ?? 50;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= distance;
    if (atBottom && !entry.atBottom) this.call(entry, 'onReachBottom');
    entry.atBottom = atBottom;
  }

  private show(entry: PageEntry): void {
    entry.element.hidden = false;
    this.call(entry, 'onShow');
    entry.rendered.triggerPageLifeTime('show');
    this.renderChrome();
  }

  private hide(entry: PageEntry): void {
    entry.element.hidden = true;
    this.call(entry, 'onHide');
    entry.rendered.triggerPageLifeTime('hide');
  }

  private unload(entry: PageEntry): void {
    this.call(entry, 'onUnload');
    entry.rendered.detach();
    entry.element.remove();
    if (this.tabs.get(entry.route) === entry) this.tabs.delete(entry.route);
  }

  /** Opens a new page on top: created, loaded, shown. */
  private open(route: string, query: Record<string, string>): void {
    const entry = this.create(route, query);
    this.stack.push(entry);
    if (this.tabRoutes.includes(route)) this.tabs.set(route, entry);
    this.call(entry, 'onLoad', query);
    this.show(entry);
  }

  async navigateTo(url: string): Promise<void> {
    const { route, query } = this.parse(url, this.current?.route);
    if (this.tabRoutes.includes(route)) throw new Error('can not navigateTo a tabbar page');
    if (this.stack.length >= MAX_STACK) throw new Error('webview count limit exceed');
    if (this.current) this.hide(this.current);
    this.open(route, query);
  }

  async redirectTo(url: string): Promise<void> {
    const { route, query } = this.parse(url, this.current?.route);
    if (this.tabRoutes.includes(route)) throw new Error('can not redirectTo a tabbar page');
    const top = this.stack.pop();
    if (top) this.unload(top);
    this.open(route, query);
  }

  async navigateBack(delta = 1): Promise<void> {
    if (this.stack.length <= 1) throw new Error('cannot navigate back at first page.');
    const steps = Math.min(Math.max(1, delta), this.stack.length - 1);
    for (let i = 0; i < steps; i += 1) {
      const top = this.stack.pop();
      if (top) this.unload(top);
    }
    if (this.current) this.show(this.current);
  }

  async switchTab(url: string): Promise<void> {
    const { route } = this.parse(url.split('?')[0], this.current?.route);
    if (!this.tabRoutes.includes(route)) throw new Error('can not switch to a non-tabbar page');
    if (this.current?.route === route && this.stack.length === 1) return;
    // every page above the tab goes; the tab page itself stays alive, hidden
    while (this.stack.length) {
      const top = this.stack.pop()!;
      if (this.tabs.get(top.route) === top) this.hide(top);
      else this.unload(top);
    }
    const tab = this.tabs.get(route);
    if (tab) {
      this.stack.push(tab);
      this.show(tab);
    } else {
      this.open(route, {});
    }
  }

  async reLaunch(url: string): Promise<void> {
    const { route, query } = this.parse(url, this.current?.route);
    for (const entry of [...this.stack].reverse()) this.unload(entry);
    for (const entry of this.tabs.values()) this.unload(entry);
    this.stack = [];
    this.tabs.clear();
    this.open(route, query);
  }

  setTitle(title: string): void {
    if (this.current) this.current.title = title;
    this.renderChrome();
  }

  pageScrollTo(scrollTop: number): void {
    if (this.current) this.current.element.scrollTop = scrollTop;
  }

  /** The nav bar's ↻: what pulling the page down does on a phone. */
  private refresh(): void {
    const entry = this.current;
    if (entry?.config.enablePullDownRefresh) this.call(entry, 'onPullDownRefresh');
  }

  private renderChrome(): void {
    const entry = this.current;
    const { navbar, tabbar } = this.ui;
    navbar.querySelector('.navbar__title')!.textContent = entry?.title ?? '';
    const isTab = !!entry && this.tabRoutes.includes(entry.route);
    navbar.classList.toggle('navbar--can-back', this.stack.length > 1);
    navbar.classList.toggle('navbar--home', this.stack.length === 1 && !isTab);
    navbar.classList.toggle('navbar--refresh', !!entry?.config.enablePullDownRefresh);
    tabbar.hidden = !(isTab && this.stack.length === 1);
    this.ui.viewport.classList.toggle('viewport--tabbar', !tabbar.hidden);
    tabbar.querySelectorAll<HTMLElement>('.tabbar__item').forEach((item) => {
      const selected = item.dataset.route === entry?.route;
      item.classList.toggle('tabbar__item--selected', selected);
      const tab = this.app.tabBar!.list.find((t) => t.pagePath === item.dataset.route)!;
      const icon = selected ? (tab.selectedIconPath ?? tab.iconPath) : tab.iconPath;
      item.querySelector('img')!.src = icon ? browserUrl(`/${icon}`) : '';
      (item.querySelector('.tabbar__text') as HTMLElement).style.color = (selected ? this.app.tabBar!.selectedColor : this.app.tabBar!.color) ?? '';
    });
  }

  private renderTabBar(): void {
    const { tabbar } = this.ui;
    const bar = this.app.tabBar;
    if (!bar) return;
    tabbar.style.background = bar.backgroundColor ?? '#fff';
    for (const tab of bar.list) {
      const item = document.createElement('button');
      item.className = 'tabbar__item';
      item.dataset.route = tab.pagePath;
      const img = document.createElement('img');
      img.alt = '';
      const text = document.createElement('span');
      text.className = 'tabbar__text';
      text.textContent = tab.text;
      item.append(img, text);
      item.addEventListener('click', () => void this.switchTab(`/${tab.pagePath}`));
      tabbar.appendChild(item);
    }
  }
}
