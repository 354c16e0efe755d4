import { VIRTUALISE_FROM, visibleWindow } from './virtualRows';

describe('visibleWindow', () => {
  it('renders a short list whole', () => {
    expect(
      visibleWindow({
        count: VIRTUALISE_FROM - 1,
        scrollTop: 5000,
        rowHeight: 50,
        viewportHeight: 600,
      }),
    ).toEqual({ start: 0, end: VIRTUALISE_FROM - 1, padTop: 0, padBottom: 0 });
  });

  it('keeps 10,000 rows to the window in view, with their height kept as padding', () => {
    const top = visibleWindow({
      count: 10_000,
      scrollTop: 0,
      rowHeight: 50,
      viewportHeight: 600,
    });
    expect(top).toEqual({
      start: 0,
      end: 22,
      padTop: 0,
      padBottom: (10_000 - 22) * 50,
    });
    const middle = visibleWindow({
      count: 10_000,
      scrollTop: 250_000,
      rowHeight: 50,
      viewportHeight: 600,
    });
    expect(middle).toEqual({
      start: 4990,
      end: 5022,
      padTop: 4990 * 50,
      padBottom: (10_000 - 5022) * 50,
    });
    const bottom = visibleWindow({
      count: 10_000,
      scrollTop: 10_000 * 50,
      rowHeight: 50,
      viewportHeight: 600,
    });
    expect(bottom.end).toBe(10_000);
    expect(bottom.padBottom).toBe(0);
    expect(bottom.end - bottom.start).toBeLessThan(40);
  });
});
