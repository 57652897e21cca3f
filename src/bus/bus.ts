/**
 * A typed, synchronous, in-process event bus of past-tense facts. Listeners are registered
 * with an owner so that a feature removes all of its listeners in one call when it stops.
 * A listener that throws is logged and does not stop delivery to the others.
 */
export type Listener<T> = (payload: T) => void;

interface Registration {
  owner: object;
  listener: Listener<never>;
}

export class EventBus<Events extends { [K in keyof Events]: unknown }> {
  private readonly listeners = new Map<keyof Events, Registration[]>();

  constructor(private readonly onListenerError: (event: string, error: unknown) => void) {}

  on<K extends keyof Events>(event: K, owner: object, listener: Listener<Events[K]>): void {
    const list = this.listeners.get(event) ?? [];
    list.push({ owner, listener: listener as Listener<never> });
    this.listeners.set(event, list);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const list = this.listeners.get(event);
    if (!list) return;
    // Copy: a listener may remove listeners while we iterate.
    for (const { listener } of [...list]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.onListenerError(String(event), error);
      }
    }
  }

  removeListeners(owner: object): void {
    for (const [event, list] of this.listeners) {
      const kept = list.filter((r) => r.owner !== owner);
      if (kept.length) this.listeners.set(event, kept);
      else this.listeners.delete(event);
    }
  }

  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}
