/**
 * The output's tabs (Trace, Events, Run) in the WAI-ARIA tabs pattern: one
 * tab in the tab order, arrow keys (wrapping), Home and End select and focus
 * a tab. Only the selected panel renders its content.
 */
import type { ComponentChildren } from 'preact';
import { defaultView, views, type ViewId } from '../model/url-state.ts';
import type { PlaygroundStrings } from '../playground-strings.ts';

interface Props {
  strings: PlaygroundStrings;
  view: ViewId;
  onViewChange: (view: ViewId) => void;
  /** The content of the selected view's panel. */
  panel: (view: ViewId) => ComponentChildren;
}

export function OutputTabs({ strings, view, onViewChange, panel }: Props) {
  /** The tabs pattern: arrow keys (wrapping), Home and End select and focus a tab. */
  function onTabKey(event: KeyboardEvent): void {
    const index = views.indexOf(view);
    const last = views.length - 1;
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = index === last ? 0 : index + 1;
        break;
      case 'ArrowLeft':
        next = index === 0 ? last : index - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    event.preventDefault();
    const target = views[next] ?? defaultView;
    onViewChange(target);
    document.getElementById(`pg-tab-${target}`)?.focus();
  }

  return (
    <section class="pg__output" aria-label={strings['playground.views.label']}>
      <div class="pg__tabs" role="tablist" aria-label={strings['playground.views.label']}>
        {views.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`pg-tab-${id}`}
            class="pg__tab"
            aria-selected={view === id}
            aria-controls={`pg-panel-${id}`}
            tabIndex={view === id ? 0 : -1}
            onClick={() => onViewChange(id)}
            onKeyDown={onTabKey}
          >
            {strings[`playground.view.${id}`]}
          </button>
        ))}
      </div>
      {views.map((id) => (
        <div key={id} role="tabpanel" id={`pg-panel-${id}`} class="pg__panel" aria-labelledby={`pg-tab-${id}`} tabIndex={0} hidden={view !== id}>
          {view === id && panel(id)}
        </div>
      ))}
    </section>
  );
}
