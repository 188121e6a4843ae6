/*
 * What a printed story carries of its own: its address (shown only in print,
 * as text, so the paper says where the story lives), and the reader's choice
 * to print the comments too, which works without scripts: a link to the page
 * with ?print=comments, whose body class lets the print stylesheet keep them.
 */

/** The query value that keeps the comments in print. */
export const PRINT_WITH_COMMENTS = 'comments';

/** The story's address, printed under the byline; hidden on screen. */
export function PrintAddress({ url }: { url: string }) {
  return (
    <p class="print-address">
      <span class="print-address__label">Read online: </span>
      {url}
    </p>
  );
}

/** "Print with comments" (or back to printing the story alone), near the comments. */
export function PrintChoice({ path, withComments }: { path: string; withComments: boolean }) {
  return (
    <p class="print-choice">
      {withComments ? (
        <>
          Printing includes the comments. <a href={`${path}#comments`}>Print the story without comments</a>
        </>
      ) : (
        <a href={`${path}?print=${PRINT_WITH_COMMENTS}#comments`} rel="nofollow">
          Print with comments
        </a>
      )}
    </p>
  );
}
