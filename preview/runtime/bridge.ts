/**
 * Real clicks become the mini-program's `tap`: exparser listens for its own
 * events, not the DOM's, so a click on an element is dispatched through
 * exparser from the nearest node it manages, bubbling and crossing component
 * boundaries as a tap on a phone does.
 */
import exparser from 'miniprogram-exparser';

type Managed = HTMLElement & { __wxElement?: object };

function managedNode(target: EventTarget | null, root: HTMLElement): Managed | null {
  let el = target instanceof Node ? (target instanceof HTMLElement ? target : target.parentElement) : null;
  while (el && el !== root) {
    if ((el as Managed).__wxElement) return el as Managed;
    el = el.parentElement;
  }
  return null;
}

export function bridgeTaps(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    const node = managedNode(event.target, root);
    if (!node) return;
    const rect = node.getBoundingClientRect();
    const detail = { x: event.clientX - rect.left, y: event.clientY - rect.top };
    const touch = { identifier: 0, pageX: event.pageX, pageY: event.pageY, clientX: event.clientX, clientY: event.clientY };
    exparser.Event.dispatchEvent(
      node,
      exparser.Event.create('tap', detail, {
        originalEvent: event,
        bubbles: true,
        capturePhase: true,
        composed: true,
        extraFields: { touches: [], changedTouches: [touch] },
      }),
    );
  });
}
