import { weekdays, type ChangeWindow, type Weekday } from './config';

const dayNames: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The weekday and minute of the day at `now` on the wall clock of `timeZone`. Intl applies the
 * zone's rules (daylight saving time included), so no offset is ever computed by hand.
 */
export function wallClock(
  now: Date,
  timeZone: string,
): { day: Weekday; minutes: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(
    formatter.formatToParts(now).map(part => [part.type, part.value]),
  );
  return {
    day: parts.weekday.toLowerCase() as Weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

function previousDay(day: Weekday): Weekday {
  return weekdays[(weekdays.indexOf(day) + 6) % 7];
}

/** Whether `now` falls in the window; a window whose `to` is before `from` runs past midnight. */
export function isInChangeWindow(window: ChangeWindow, now: Date): boolean {
  const { day, minutes } = wallClock(now, window.timeZone);
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  if (from < to)
    return window.days.includes(day) && minutes >= from && minutes < to;
  return (
    (window.days.includes(day) && minutes >= from) ||
    (window.days.includes(previousDay(day)) && minutes < to)
  );
}

/** `Mon–Fri 09:00–17:00 Europe/Berlin`; runs of three or more days are joined with a dash. */
export function describeChangeWindow(window: ChangeWindow): string {
  const indexes = [...new Set(window.days)]
    .map(day => weekdays.indexOf(day))
    .sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const index of indexes) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === index - 1) run.push(index);
    else runs.push([index]);
  }
  const days = runs
    .flatMap(run =>
      run.length >= 3
        ? [
            `${dayNames[weekdays[run[0]]]}–${
              dayNames[weekdays[run[run.length - 1]]]
            }`,
          ]
        : run.map(index => dayNames[weekdays[index]]),
    )
    .join(', ');
  return `${days} ${window.from}–${window.to} ${window.timeZone}`;
}
