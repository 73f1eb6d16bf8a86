/** A count with its noun, as the page says counts: "1 object", "2,314 objects". */
export const plural = (count: number, one: string, many: string): string => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
