// Read an iCalendar feed on stdin the way Thunderbird does (Mozilla's ical.js)
// and print what a calendar program would show, as JSON.
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const root = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const zone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const text = (component, name) => {
  const value = component.getFirstPropertyValue(name);
  return value === null ? null : value.toString();
};
const when = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());
const events = root.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    start: when(event.startDate),
    end: when(event.endDate),
    allDay: event.startDate.isDate,
    startZone: event.startDate.zone ? event.startDate.zone.tzid : null,
    sequence: event.sequence,
    status: text(component, "status"),
    location: event.location,
    description: event.description,
    url: text(component, "url"),
    dtstamp: text(component, "dtstamp"),
    lastModified: text(component, "last-modified"),
  };
});
process.stdout.write(JSON.stringify({
  version: text(root, "version"),
  prodid: text(root, "prodid"),
  name: text(root, "name"),
  calname: text(root, "x-wr-calname"),
  refreshInterval: text(root, "refresh-interval"),
  publishedTtl: text(root, "x-published-ttl"),
  url: text(root, "url"),
  timezones: root.getAllSubcomponents("vtimezone").map((zone) => text(zone, "tzid")),
  events,
}));
