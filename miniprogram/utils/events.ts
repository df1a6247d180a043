/** A tap on an element whose `data-*` attributes the handler reads. */
export type DatasetEvent<D extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, D>;
