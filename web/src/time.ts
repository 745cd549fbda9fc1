// Every instant is shown in Beijing time, whatever the browser's own time zone: the deadlines are
// Asia/Shanghai working days, and a reader abroad must see the same date as the commission.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

export const BEIJING = 'Asia/Shanghai';

export const inBeijing = (iso: string): dayjs.Dayjs => dayjs(iso).tz(BEIJING);

/** An instant as 2026年12月5日 星期六 17:30; a deadline at Beijing midnight is the end (24:00) of the day before. */
export function formatInstant(iso: string): string {
  const t = inBeijing(iso);
  if (t.hour() === 0 && t.minute() === 0) return `${t.subtract(1, 'day').format('YYYY年M月D日 dddd')} 24:00`;
  return t.format('YYYY年M月D日 dddd HH:mm');
}

/** 还剩 3 天 / 已超期 2 天: whole days of 24 hours, rounded up, from `now` (ms). */
export function fromToday(iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  const days = Math.ceil(Math.abs(ms) / 86_400_000);
  return ms >= 0 ? `还剩 ${days} 天` : `已超期 ${days} 天`;
}

export { dayjs };
