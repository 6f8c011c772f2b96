// Field lists of the mock layers and the layer description (`…/FeatureServer/0?f=json`) as
// an ArcGIS Online hosted feature layer describes itself.

const s = (name, length = 255) => ({ name, type: "esriFieldTypeString", alias: name, length });
const f = (name, type) => ({ name, type, alias: name });

/** The City's current RMS Crime Incidents field list, in the layer's order. Dates are epoch
 * ms (UTC); year, hour and weekday are Detroit local time, weekday 1 = Monday … 7 = Sunday. */
export const CURRENT_FIELDS = [
  f("ESRI_OID", "esriFieldTypeOID"),
  s("report_number", 50),
  f("incident_occurred_at", "esriFieldTypeDate"),
  f("incident_year", "esriFieldTypeInteger"),
  f("incident_hour_of_day", "esriFieldTypeInteger"),
  f("incident_day_of_week", "esriFieldTypeInteger"),
  s("incident_entry_id", 50),
  s("case_status", 50),
  s("offense_category"),
  s("offense_description"),
  s("police_precinct", 10),
  s("neighborhood"),
  f("council_district", "esriFieldTypeInteger"),
  s("zip_code", 10),
  s("nearest_intersection"),
  s("census_block_2020_geoid", 20),
  f("longitude", "esriFieldTypeDouble"),
  f("latitude", "esriFieldTypeDouble"),
];

/** The 5,000-row layer's fields (the end-to-end tests' original mock). */
export const SMALL_FIELDS = [
  f("ESRI_OID", "esriFieldTypeOID"), s("report_number", 50), f("incident_occurred_at", "esriFieldTypeDate"),
  s("offense_category"), s("offense_description"), s("police_precinct", 10), s("neighborhood"),
  f("council_district", "esriFieldTypeInteger"), s("zip_code", 10), s("nearest_intersection"),
  f("longitude", "esriFieldTypeDouble"), f("latitude", "esriFieldTypeDouble"),
];

/** Field definition with SQL type and defaults, as layer descriptions list them. */
function described(field) {
  const sqlType = {
    esriFieldTypeOID: "sqlTypeInteger", esriFieldTypeInteger: "sqlTypeInteger",
    esriFieldTypeDouble: "sqlTypeFloat", esriFieldTypeDate: "sqlTypeTimestamp2",
  }[field.type] || "sqlTypeNVarchar";
  return {
    ...field, sqlType, nullable: field.type !== "esriFieldTypeOID",
    editable: field.type !== "esriFieldTypeOID", domain: null, defaultValue: null,
  };
}

/**
 * The layer description of `table` served with the limits of a scenario: `maxRecordCount`,
 * and `standardMaxRecordCount` / `tileMaxRecordCount` where the scenario offers them.
 */
export function layerDescription(table, limits) {
  const extent = {
    xmin: -83.2877, ymin: 42.2552, xmax: -82.9105, ymax: 42.4502,
    spatialReference: { wkid: 4326, latestWkid: 4326 },
  };
  // What this mock implements (see query.mjs); SQL expressions, `having`, spatial filters
  // and percentiles are not, so they are not offered.
  const advanced = {
    supportsPagination: true, supportsPaginationOnAggregatedQueries: true,
    supportsQueryRelatedPagination: false, supportsQueryWithDistance: false,
    supportsReturningQueryExtent: false, supportsStatistics: true, supportsPercentileStatistics: false,
    supportsHavingClause: false, supportsCountDistinct: true, supportsOrderBy: true,
    supportsDistinct: true, supportsQueryWithResultType: true, supportsReturningGeometryCentroid: false,
    supportsSqlExpression: false, supportsOutFieldSQLExpression: false, supportsTopFeaturesQuery: false,
    supportsQueryWithDatumTransformation: false, supportsLod: false, supportsQueryWithLodSR: false,
    supportsMaxRecordCountFactor: false, supportsDisjointSpatialRel: false,
    supportsQueryWithCacheHint: true, supportedMultipatchOptions: [],
  };
  return {
    currentVersion: 12,
    id: 0,
    name: "RMS_Crime_Incidents",
    type: "Feature Layer",
    serviceItemId: "000000000000000000000000000mock",
    displayField: "report_number",
    description: "Reported crime incidents (offense rows), test mock of the City of Detroit's layer.",
    copyrightText: "",
    defaultVisibility: true,
    editingInfo: { lastEditDate: table.editedAt, schemaLastEditDate: table.editedAt, dataLastEditDate: table.editedAt },
    isDataVersioned: false,
    supportsAppend: false,
    supportsCalculate: false,
    supportsStatistics: true,
    supportsExceedsLimitStatistics: true,
    supportsAdvancedQueries: true,
    supportsValidateSql: false,
    supportsCoordinatesQuantization: false,
    advancedQueryCapabilities: advanced,
    useStandardizedQueries: true,
    geometryType: "esriGeometryPoint",
    minScale: 0,
    maxScale: 0,
    extent,
    sourceSpatialReference: { wkid: 4326, latestWkid: 4326 },
    allowGeometryUpdates: false,
    hasAttachments: false,
    htmlPopupType: "esriServerHTMLPopupTypeNone",
    hasM: false,
    hasZ: false,
    objectIdField: table.oidField,
    uniqueIdField: { name: table.oidField, isSystemMaintained: true },
    globalIdField: "",
    typeIdField: "",
    dateFieldsTimeReference: { timeZone: "UTC", respectsDaylightSaving: false },
    preferredTimeReference: null,
    fields: table.fields.map(described),
    geometryField: { name: "Shape", type: "esriFieldTypeGeometry", alias: "Shape" },
    indexes: [],
    types: [],
    templates: [],
    supportedQueryFormats: "JSON, geoJSON, PBF",
    supportedAppendFormats: "",
    supportedExportFormats: "csv,shapefile,geojson,filegdb",
    supportedSpatialRelationships: [],
    supportedContingentValuesFormats: "",
    supportedSyncDataOptions: 0,
    hasStaticData: false,
    maxRecordCount: limits.maxRecordCount,
    ...(limits.standardMaxRecordCount ? { standardMaxRecordCount: limits.standardMaxRecordCount } : {}),
    ...(limits.tileMaxRecordCount ? { tileMaxRecordCount: limits.tileMaxRecordCount } : {}),
    capabilities: "Query",
  };
}

/** The feature service description (`…/FeatureServer?f=json`). */
export function serviceDescription(limits) {
  return {
    currentVersion: 12,
    serviceItemId: "000000000000000000000000000mock",
    serviceDescription: "",
    hasVersionedData: false,
    supportsDisconnectedEditing: false,
    hasStaticData: false,
    maxRecordCount: limits.maxRecordCount,
    supportedQueryFormats: "JSON, geoJSON, PBF",
    capabilities: "Query",
    spatialReference: { wkid: 4326, latestWkid: 4326 },
    layers: [{ id: 0, name: "RMS_Crime_Incidents", parentLayerId: -1, defaultVisibility: true,
      subLayerIds: null, minScale: 0, maxScale: 0, geometryType: "esriGeometryPoint" }],
    tables: [],
  };
}
