// The words and shares the mock layer is drawn from: the 32 offense categories with the
// relative volumes of Detroit's reported incidents, descriptions, case statuses, precincts
// (11 real ones plus the junk codes the City's data carries), ZIP codes, and made-up
// neighborhood and street names (generic, not the City's).

/** Offense categories with relative weights (incidents per category, 2017-2026 order of size). */
export const CATEGORIES = [
  ["ASSAULT", 139770], ["LARCENY", 112057], ["DAMAGE TO PROPERTY", 90482],
  ["AGGRAVATED ASSAULT", 69871], ["STOLEN VEHICLE", 68690], ["FRAUD", 64938],
  ["BURGLARY", 51893], ["WEAPONS OFFENSES", 26321], ["STOLEN PROPERTY", 16333],
  ["ROBBERY", 15520], ["DANGEROUS DRUGS", 11643], ["SEX OFFENSES", 9658],
  ["OBSTRUCTING JUDICIARY", 9350], ["OBSTRUCTING THE POLICE", 8075], ["SEXUAL ASSAULT", 6239],
  ["RUNAWAY", 5969], ["ARSON", 5483], ["FAMILY OFFENSE", 4837], ["OUIL", 2376],
  ["MISCELLANEOUS", 2349], ["DISORDERLY CONDUCT", 2241], ["HOMICIDE", 2120], ["FORGERY", 1847],
  ["OTHER", 1797], ["KIDNAPPING", 1303], ["INVASION OF PRIVACY -OTHER", 1016], ["LIQUOR", 623],
  ["EXTORTION", 545], ["HEALTH AND SAFETY", 284], ["JUSTIFIABLE HOMICIDE", 205],
  ["SOLICITATION", 73], ["GAMBLING", 15],
];

/** Categories some of whose rows carry a trailing space, and the share of such rows. */
export const TRAILING_SPACE = new Map([
  ["DAMAGE TO PROPERTY", 0.3], ["WEAPONS OFFENSES", 0.4], ["OBSTRUCTING JUDICIARY", 0.5],
  ["SEX OFFENSES", 0.25],
]);

/** Offense descriptions per category (the category's own name where none is listed). */
const DESCRIPTIONS = {
  "ASSAULT": ["ASSAULT AND BATTERY/SIMPLE ASSAULT", "INTIMIDATION/STALKING", "ASSAULT - DOMESTIC VIOLENCE (SIMPLE)"],
  "LARCENY": ["LARCENY - THEFT FROM MOTOR VEHICLE", "LARCENY - PARTS AND ACCESSORIES FROM VEHICLE",
    "LARCENY - RETAIL FRAUD (SHOPLIFTING)", "LARCENY - THEFT FROM BUILDING", "LARCENY - PERSONAL PROPERTY FROM YARD"],
  "DAMAGE TO PROPERTY": ["DAMAGE TO PROPERTY - PRIVATE PROPERTY", "DAMAGE TO PROPERTY - MOTOR VEHICLE",
    "DAMAGE TO PROPERTY - BUSINESS PROPERTY"],
  "AGGRAVATED ASSAULT": ["AGGRAVATED / FELONIOUS ASSAULT - WEAPON", "AGGRAVATED ASSAULT - NON-FAMILY - GUN",
    "AGGRAVATED ASSAULT - DOMESTIC"],
  "STOLEN VEHICLE": ["MOTOR VEHICLE THEFT - PASSENGER CAR", "MOTOR VEHICLE THEFT - TRUCK OR SUV",
    "MOTOR VEHICLE - UNAUTHORIZED USE"],
  "FRAUD": ["FRAUD - IDENTITY THEFT", "FRAUD - FALSE PRETENSE / SWINDLE", "FRAUD - CREDIT CARD / ATM",
    "FRAUD - IMPERSONATION"],
  "BURGLARY": ["BURGLARY - FORCED ENTRY - RESIDENCE", "BURGLARY - ENTRY WITHOUT FORCE - RESIDENCE",
    "BURGLARY - FORCED ENTRY - NONRESIDENCE"],
  "WEAPONS OFFENSES": ["WEAPONS OFFENSE - CARRYING CONCEALED", "WEAPONS OFFENSE - DISCHARGE OF FIREARM"],
  "STOLEN PROPERTY": ["STOLEN PROPERTY - RECEIVING / CONCEALING", "STOLEN PROPERTY - POSSESSION"],
  "ROBBERY": ["ROBBERY - STREET - STRONG ARM", "ROBBERY - ARMED - GUN", "ROBBERY - CARJACKING"],
  "DANGEROUS DRUGS": ["DANGEROUS DRUGS - POSSESSION", "DANGEROUS DRUGS - SALE / DELIVERY"],
  "OBSTRUCTING JUDICIARY": ["OBSTRUCTING JUDICIARY - VIOLATION OF COURT ORDER", "OBSTRUCTING JUDICIARY - CONTEMPT"],
  "FAMILY OFFENSE": ["FAMILY OFFENSE - NEGLECT OF FAMILY", "FAMILY OFFENSE - CHILD ABUSE / NONVIOLENT"],
};

/** Every description once, in a fixed order, and each category's indices into it. */
export const DESCRIPTION_LIST = [];
export const CATEGORY_DESCRIPTIONS = CATEGORIES.map(([name]) => {
  const own = DESCRIPTIONS[name] || [name];
  return own.map((d) => DESCRIPTION_LIST.push(d) - 1);
});

/** Case statuses, the first for recent reports, the rest growing with age. */
export const STATUSES = ["OPEN", "CLOSED", "CLEARED BY ARREST", "EXCEPTIONALLY CLEARED", "INACTIVE", "UNFOUNDED"];

/** The 11 precincts, then junk codes seen on a few rows. */
export const PRECINCTS = ["02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"];
export const JUNK_PRECINCTS = ["0", "00", "0W", "HP"];

/** Rough centre of each precinct's area (lon, lat) and its yearly trend in volume. */
export const PRECINCT_CENTRES = [
  [-83.2, 42.415, -0.02], [-83.095, 42.325, 0.015], [-83.14, 42.335, -0.01],
  [-82.975, 42.39, -0.035], [-83.245, 42.37, 0.01], [-83.025, 42.36, 0.025],
  [-83.255, 42.42, -0.015], [-82.97, 42.43, 0.005], [-83.155, 42.38, -0.03],
  [-83.055, 42.43, 0.02], [-83.13, 42.43, -0.005],
];

/** Detroit ZIP codes. */
export const ZIP_CODES = ["48201", "48202", "48204", "48205", "48206", "48207", "48208", "48209",
  "48210", "48211", "48212", "48213", "48214", "48215", "48216", "48217", "48219", "48221",
  "48223", "48224", "48226", "48227", "48228", "48234", "48235", "48238", "48243"];

/** An approximate outline of the city (lon, lat), and two enclaves that are not the city. */
export const OUTLINE = [
  [-83.287, 42.447], [-82.91, 42.447], [-82.935, 42.41], [-82.945, 42.36], [-83.02, 42.33],
  [-83.07, 42.31], [-83.1, 42.29], [-83.14, 42.262], [-83.16, 42.255], [-83.2, 42.28],
  [-83.21, 42.31], [-83.21, 42.35], [-83.287, 42.35],
];
export const ENCLAVES = [[-83.075, 42.385, -83.04, 42.41], [-83.11, 42.395, -83.08, 42.42]];

/** Whether a point (lon, lat) lies in the city (inside the outline, outside the enclaves). */
export function inCity(x, y) {
  for (const [x0, y0, x1, y1] of ENCLAVES) if (x >= x0 && x <= x1 && y >= y0 && y <= y1) return false;
  let inside = false;
  for (let i = 0, j = OUTLINE.length - 1; i < OUTLINE.length; j = i++) {
    const [xi, yi] = OUTLINE[i];
    const [xj, yj] = OUTLINE[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const TREES = ["Oak", "Elm", "Maple", "Cedar", "Birch", "Willow", "Aspen", "Chestnut", "Hickory",
  "Linden", "Poplar", "Spruce", "Walnut", "Juniper", "Hawthorn", "Magnolia", "Sycamore", "Laurel",
  "Alder", "Beech", "Cypress", "Hazel", "Holly", "Ivy", "Rowan"];
const ENDINGS = ["wood", "dale", "field", "brook", "ridge", "crest", "haven", "view"];
const DECORATIONS = ["", " Park", "", " Village", "", " Heights", "", " Gardens"];

/** 200 made-up neighborhood names. */
export const NEIGHBORHOODS = TREES.flatMap((t, i) => ENDINGS.map((e, j) =>
  `${t}${e}${DECORATIONS[(i + j) % DECORATIONS.length]}`));

const STREET_WORDS = ["Ash", "Bay", "Clay", "Dale", "East", "Fair", "Glen", "Grand", "Hill", "Iron",
  "Kent", "Lake", "Mill", "North", "Orchard", "Pine", "Quarry", "River", "Stone", "Tower", "Union",
  "Vale", "West", "York", "Bridge", "Canal", "Depot", "Forge", "Harbor", "Market", "Prairie",
  "Station", "Summit", "Timber", "Meadow", "Spring", "Court", "Garden", "Orange", "Silver"];
const NS_SUFFIXES = ["St", "Ave", "Blvd", "Dr"];
const EW_SUFFIXES = ["Rd", "Pkwy", "Way", "Ln"];

/** `n` distinct street names running north-south (`ns`) or east-west. */
export function streetNames(n, ns) {
  const suffixes = ns ? NS_SUFFIXES : EW_SUFFIXES;
  const out = [];
  for (let i = 0; out.length < n; i++) {
    const word = STREET_WORDS[(i * 7 + (ns ? 0 : 3)) % STREET_WORDS.length];
    const suffix = suffixes[Math.floor(i / STREET_WORDS.length) % suffixes.length];
    const round = Math.floor(i / (STREET_WORDS.length * suffixes.length));
    out.push(`${round ? `${["Old", "New", "Upper"][round - 1] || `Route ${round}`} ` : ""}${word} ${suffix}`);
  }
  return out;
}
