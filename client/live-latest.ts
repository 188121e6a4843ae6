/*
 * The "Latest" box near the top of a developing story follows the live
 * updates: when one arrives, the box shows its time and first paragraph
 * (and is made, as the server would make it, when the story had none yet).
 */

function latestBox(): HTMLElement | null {
  const existing = document.querySelector<HTMLElement>('[data-live-latest]');
  if (existing) return existing;
  // Only a story that is still developing gets the box.
  if (!document.querySelector('.developing__notice')) return null;
  const header = document.querySelector('.article__header');
  if (!header) return null;
  const box = document.createElement('aside');
  box.className = 'live-latest';
  box.dataset.liveLatest = '';
  box.setAttribute('aria-labelledby', 'live-latest-heading');
  const heading = document.createElement('h2');
  heading.id = 'live-latest-heading';
  heading.className = 'live-latest__heading';
  heading.textContent = 'Latest';
  const update = document.createElement('p');
  update.className = 'live-latest__update';
  const more = document.createElement('p');
  more.className = 'live-latest__more';
  const link = document.createElement('a');
  link.href = '#updates';
  link.textContent = 'All updates';
  more.append(link);
  box.append(heading, update, more);
  header.after(box);
  return box;
}

/** Show an update (its <li> as the page lists it) in the Latest box. */
export function showLatest(item: HTMLElement): void {
  const time = item.querySelector<HTMLTimeElement>('time.live-update__time');
  const body = item.querySelector<HTMLElement>('.live-update__body');
  if (!time || !body) return;
  const box = latestBox();
  const line = box?.querySelector<HTMLElement>('.live-latest__update');
  if (!box || !line) return;
  const newTime = time.cloneNode(true) as HTMLTimeElement;
  newTime.className = 'live-latest__time';
  const text = document.createElement('span');
  text.className = 'live-latest__text';
  text.textContent = (body.querySelector('p') ?? body).textContent?.trim() ?? '';
  line.replaceChildren(newTime, ' ', text);
}
