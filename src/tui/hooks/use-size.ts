import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** Terminal size in cells. */
export interface Size {
  columns: number;
  rows: number;
}

const read = (out: NodeJS.WriteStream): Size => ({ columns: out.columns || 80, rows: out.rows || 24 });

/** The terminal's size, updated live on 'resize' (`fixed` pins it, for tests and benches). */
export function useTerminalSize(fixed?: Partial<Size>): Size {
  const { stdout } = useStdout();
  const [size, setSize] = useState<Size>(() => read(stdout));
  useEffect(() => {
    const onResize = (): void => setSize(read(stdout));
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return { columns: fixed?.columns ?? size.columns, rows: fixed?.rows ?? size.rows };
}
