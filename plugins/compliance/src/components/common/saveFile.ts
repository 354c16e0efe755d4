/** Hands a downloaded blob to the browser's "save" as a file named `fileName`. */
export function saveFile(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download by now.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
