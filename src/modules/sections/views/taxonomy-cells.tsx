/** The first two cells of a section's or tag's row in the admin lists: its name (to edit it) and its slug (to its public page). */
export function NameAndSlugCells({ name, editHref, slug, publicHref }: { name: string; editHref: string; slug: string; publicHref: string }) {
  return (
    <>
      <th scope="row">
        <a href={editHref}>{name}</a>
      </th>
      <td>
        <a href={publicHref}>{slug}</a>
      </td>
    </>
  );
}
