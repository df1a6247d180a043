/**
 * How the emulator's parts plug into its HTTP server (emulator/server.ts).
 * Each part (database, storage, functions, pay, openapi) is a module that
 * answers some SDK actions on POST /admin and may serve routes of its own.
 */
import type { Route } from '../lib/http';

export type { Route };

/** One SDK request to POST /admin, JSON or multipart, parsed. */
export interface AdminRequest {
  action: string;
  /** the JSON body, or the multipart form's text fields */
  body: Record<string, unknown>;
  /** multipart binary fields (requestData, apiOptions...), by name */
  parts: Record<string, Buffer>;
  /** `wxCloudApiToken`: tells which function invocation is calling, '' for none */
  token: string;
  envName: string;
}

/** The answer's body; the server adds `requestId`. Throw EmulatorError to refuse. */
export type ActionHandler = (request: AdminRequest) => Promise<unknown>;

export interface EmulatorModule {
  /** keyed by the full action name, e.g. `database.getDocument` */
  actions?: Record<string, ActionHandler>;
  routes?: Route[];
  close?(): Promise<void>;
}

/**
 * An answer sent byte for byte with its own content type, without the JSON
 * envelope: the SDK reads `wx.openApi` answers as protobuf and `wx.wxPayApi`
 * answers as a raw buffer, and tells them from errors by the content type.
 */
export class RawAnswer {
  constructor(
    readonly body: Buffer,
    readonly contentType: string,
  ) {}
}

