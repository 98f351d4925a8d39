/** Money as the UI prints it (without Intl: the header formats it every frame, and toLocaleString is slow). */

/** `1234.5` with `digits` decimals and thousands separators: `1,234.50`. */
function grouped(v: number, digits: number): string {
  // Round the decimal value people read (1.605 → 1.61), not its binary neighbour (1.60499…).
  const scale = 10 ** digits;
  const rounded = Number.isFinite(v) ? Math.round(Number((v * scale).toPrecision(12))) / scale : 0;
  const [whole, frac] = rounded.toFixed(digits).split('.') as [string, string | undefined];
  const sign = whole.startsWith('-') ? '-' : '';
  const w = sign ? whole.slice(1) : whole;
  return `${sign}${w.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac !== undefined ? `.${frac}` : ''}`;
}

/** `$1.23`, `$1,234.56`: US dollars (the fixtures' costPerHour unit) to the cent. */
export function dollars(v: number): string {
  return `$${grouped(v, 2)}`;
}

/** A price as configured (`$0.214`): at least cents, up to four decimals. */
export function price(v: number): string {
  const four = grouped(v, 4);
  return `$${four.replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}
