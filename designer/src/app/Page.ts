/** What the app shell needs of a page. */
export interface Page {
  readonly element: HTMLElement;
  /** Shown (again) at a URL with this query. */
  show(query: URLSearchParams): void | Promise<void>;
  /** Another page takes its place. */
  hide?(): void;
  /** Whether signing out now would lose work. */
  hasUnsavedWork?(): boolean;
}
