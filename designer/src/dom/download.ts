/**
 * Hands `content` to the browser as a file download named `fileName`.
 *
 * @example
 * download('complaint-handling.bpmn', xml, 'application/xml');
 */
export function download(fileName: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has started the download; the object URL can go once it has been read.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
