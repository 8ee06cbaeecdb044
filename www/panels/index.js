// The page's panels, in reading order (a phone shows them in this order, one column). A panel
// is `{id, title (i18n key), wide?, print? (false: left out of print), sectionId?, headingId?,
// mount?(body, view), render(body, view)}`; app.js builds its section and calls render after
// every score. Adding a panel is one import and one entry here.

import summary from './summary.js';
import advice from './advice.js';
import shop from './shop.js';
import files from './files.js';
import paste from './paste.js';
import dimensions from './dimensions.js';
import eligibility from './eligibility.js';
import timeline from './timeline.js';
import planner from './planner.js';
import indicators from './indicators.js';
import drilldown from './drilldown.js';
import events from './events.js';
import notes from './notes.js';
import compare from './compare.js';
import share from './share.js';
import calibration from './calibration.js';

export const PANELS = [summary, advice, shop, paste, files, dimensions, eligibility, timeline, planner, indicators, drilldown, events, notes, calibration, compare, share];
