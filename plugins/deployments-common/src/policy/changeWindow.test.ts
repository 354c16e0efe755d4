import {
  describeChangeWindow,
  isInChangeWindow,
  wallClock,
} from './changeWindow';
import type { ChangeWindow } from './config';

const berlinOfficeHours: ChangeWindow = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  from: '09:00',
  to: '17:00',
  timeZone: 'Europe/Berlin',
};

describe('isInChangeWindow', () => {
  // Berlin moves from CET (UTC+1) to CEST (UTC+2) on Sunday 2026-03-29 at 01:00 UTC: the same UTC
  // time of day falls on the other side of the window's edge before and after the switch.
  it.each([
    [
      'Fri before the switch, 07:30Z = 08:30 CET',
      '2026-03-27T07:30:00Z',
      false,
    ],
    ['Mon after the switch, 07:30Z = 09:30 CEST', '2026-03-30T07:30:00Z', true],
    ['Fri before the switch, 15:30Z = 16:30 CET', '2026-03-27T15:30:00Z', true],
    [
      'Mon after the switch, 15:30Z = 17:30 CEST',
      '2026-03-30T15:30:00Z',
      false,
    ],
    [
      'Mon 07:00Z = 09:00 CEST exactly (from is inclusive)',
      '2026-03-30T07:00:00Z',
      true,
    ],
    [
      'Mon 15:00Z = 17:00 CEST exactly (to is exclusive)',
      '2026-03-30T15:00:00Z',
      false,
    ],
    ['Sat at noon', '2026-03-28T11:00:00Z', false],
    // Back to CET on Sunday 2026-10-25: 07:30Z is 08:30 on the Monday after, 09:30 on the Friday before.
    [
      'Mon after the autumn switch, 07:30Z = 08:30 CET',
      '2026-10-26T07:30:00Z',
      false,
    ],
    [
      'Fri before the autumn switch, 07:30Z = 09:30 CEST',
      '2026-10-23T07:30:00Z',
      true,
    ],
  ])('%s', (_label, at, inside) => {
    expect(isInChangeWindow(berlinOfficeHours, new Date(at))).toBe(inside);
  });

  it('takes the weekday from the zone, not from UTC', () => {
    const tokyoMonday: ChangeWindow = {
      days: ['mon'],
      from: '08:00',
      to: '12:00',
      timeZone: 'Asia/Tokyo',
    };
    // Sunday 23:30 UTC is Monday 08:30 in Tokyo.
    expect(
      isInChangeWindow(tokyoMonday, new Date('2026-03-29T23:30:00Z')),
    ).toBe(true);
    expect(wallClock(new Date('2026-03-29T23:30:00Z'), 'Asia/Tokyo')).toEqual({
      day: 'mon',
      minutes: 8 * 60 + 30,
    });
  });

  it('runs a window past midnight into the next day', () => {
    const fridayNight: ChangeWindow = {
      days: ['fri'],
      from: '22:00',
      to: '02:00',
      timeZone: 'UTC',
    };
    expect(
      isInChangeWindow(fridayNight, new Date('2026-03-27T23:00:00Z')),
    ).toBe(true); // Fri 23:00
    expect(
      isInChangeWindow(fridayNight, new Date('2026-03-28T01:59:00Z')),
    ).toBe(true); // Sat 01:59
    expect(
      isInChangeWindow(fridayNight, new Date('2026-03-28T02:00:00Z')),
    ).toBe(false); // Sat 02:00
    expect(
      isInChangeWindow(fridayNight, new Date('2026-03-26T23:00:00Z')),
    ).toBe(false); // Thu 23:00
    expect(
      isInChangeWindow(fridayNight, new Date('2026-03-27T01:00:00Z')),
    ).toBe(false); // Fri 01:00: Thu's night
  });

  it('ends a window at 24:00 at midnight', () => {
    const lateShift: ChangeWindow = {
      days: ['mon'],
      from: '20:00',
      to: '24:00',
      timeZone: 'UTC',
    };
    expect(isInChangeWindow(lateShift, new Date('2026-03-30T23:59:00Z'))).toBe(
      true,
    );
    expect(isInChangeWindow(lateShift, new Date('2026-03-31T00:00:00Z'))).toBe(
      false,
    );
  });
});

describe('describeChangeWindow', () => {
  it('joins runs of days with a dash and lists the rest', () => {
    expect(describeChangeWindow(berlinOfficeHours)).toBe(
      'Mon–Fri 09:00–17:00 Europe/Berlin',
    );
    expect(
      describeChangeWindow({ ...berlinOfficeHours, days: ['wed', 'mon'] }),
    ).toBe('Mon, Wed 09:00–17:00 Europe/Berlin');
    expect(
      describeChangeWindow({
        ...berlinOfficeHours,
        days: ['sat', 'sun', 'tue', 'wed', 'thu'],
      }),
    ).toBe('Tue–Thu, Sat, Sun 09:00–17:00 Europe/Berlin');
  });
});
