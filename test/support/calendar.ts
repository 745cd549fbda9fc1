// The calendar the tests run with: the bundled data plus a TEST-ONLY entry for 2027 (New Year's Day,
// the one holiday certain before the notice is out), so tests that count working days from "today"
// keep passing in late December. Production refuses 2027 until an operator supplies the real notice.
import { createCalendar } from '../../domain/calendar';

export const testCalendar = createCalendar({ holidays: { '2027-01-01': "New Year's Day,元旦,1" }, workdays: {} });
