/** Hands bytes or text to the browser as a file download (an object URL on a temporary link, released after). */
export function saveFile(name: string, data: Uint8Array | string, type: string): void {
	const blob = new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type });
	const a = document.createElement('a');
	a.href = URL.createObjectURL(blob);
	a.download = name;
	a.click();
	setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
