/** One tab of the admin page: its content, loaded (again) each time the tab opens. */
export interface AdminPanel {
  readonly element: HTMLElement;
  load(): Promise<void>;
}
