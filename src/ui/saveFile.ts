/** Save a blob as a file through the browser's download (nothing leaves the page: a blob URL). */
export function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Save text as a file through the browser's download. */
export function saveTextFile(filename: string, text: string, type = 'text/plain'): void {
  saveBlob(filename, new Blob([text], { type }));
}
