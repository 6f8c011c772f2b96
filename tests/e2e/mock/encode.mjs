// Encoders of query results (see query.mjs) as the service sends them: `f=json` (Esri JSON),
// `f=geojson`, and `f=pbf` (Esri's FeatureCollection protocol buffer, encoded with protobufjs from
// src/data/arcgis/FeatureCollection.proto, the wire-compatible part crimecast reads).
//
// PBF attribute values use the `Value` oneof member of their field type: strings
// `string_value`, doubles `double_value`, singles `float_value`, integers `sint_value`,
// object ids `uint_value`, dates `sint64_value` (epoch ms); a null is a `Value` with no
// member set. Points are quantized with the `Transform` (upper-left origin at (-400, 400),
// 1e-9 degrees a unit): x = translate.x + coords[0] * scale.x, y = translate.y - coords[1] *
// scale.y.

import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

const root = protobuf.loadSync(fileURLToPath(new URL("../../../src/data/arcgis/FeatureCollection.proto", import.meta.url)));
/** The FeatureCollectionPBuffer message type (exported for decoding in checks). */
export const FeatureCollection = root.lookupType("esriPBuffer.FeatureCollectionPBuffer");
const FIELD_TYPE = root.lookupEnum("esriPBuffer.FeatureCollectionPBuffer.FieldType").values;
const GEOMETRY_POINT = 0;
const GEOMETRY_NONE = 127;
/** The quantization of PBF points. */
export const TRANSFORM = { xScale: 1e-9, yScale: 1e-9, xTranslate: -400, yTranslate: 400 };

const SPATIAL_REFERENCE = { wkid: 4326, latestWkid: 4326 };

function sqlType(type) {
  return {
    esriFieldTypeOID: "sqlTypeInteger", esriFieldTypeInteger: "sqlTypeInteger",
    esriFieldTypeDouble: "sqlTypeFloat", esriFieldTypeDate: "sqlTypeTimestamp2",
  }[type] || "sqlTypeNVarchar";
}

function jsonField(f, rename) {
  const name = rename?.get(f.name) ?? f.name;
  return { name, type: f.type, alias: rename?.has(f.name) ? name : f.alias, sqlType: sqlType(f.type),
    ...(f.length ? { length: f.length } : {}), domain: null, defaultValue: null };
}

/** Value of feature `k`, field `j` of a result: a page reads its table, the rest hold records. */
function reader(result, table) {
  if (result.kind === "page") {
    const getters = result.fields.map((f) => table.get[f.name]);
    return { count: result.rows.length, value: (k, j) => getters[j](result.rows[k]), row: (k) => result.rows[k] };
  }
  return { count: result.records.length, value: (k, j) => result.records[k][j], row: () => -1 };
}

/** Esri JSON of a result; `rename` maps field names to the names to send instead. */
export function toJson(result, table, rename) {
  if (result.kind === "count" || (result.kind === "distinct" && result.count !== undefined)) {
    return JSON.stringify({ count: result.count });
  }
  if (result.kind === "ids") {
    return JSON.stringify({ objectIdFieldName: table.oidField, objectIds: Array.from(result.ids, (i) => i + 1) });
  }
  const names = result.fields.map((f) => rename?.get(f.name) ?? f.name);
  const read = reader(result, table);
  const withGeometry = result.kind === "page" && result.geometry;
  const features = new Array(read.count);
  for (let k = 0; k < read.count; k++) {
    const attributes = {};
    for (let j = 0; j < names.length; j++) attributes[names[j]] = read.value(k, j);
    if (withGeometry) {
      const g = table.geometry(read.row(k));
      features[k] = { attributes, geometry: g ? { x: g[0], y: g[1] } : null };
    } else {
      features[k] = { attributes };
    }
  }
  const head = result.kind === "page"
    ? {
      objectIdFieldName: table.oidField,
      uniqueIdField: { name: table.oidField, isSystemMaintained: true },
      globalIdFieldName: "",
      ...(withGeometry ? { geometryType: "esriGeometryPoint", spatialReference: SPATIAL_REFERENCE } : {}),
    }
    : { displayFieldName: "", fieldAliases: Object.fromEntries(names.map((n) => [n, n])) };
  return JSON.stringify({
    ...head,
    fields: result.fields.map((f) => jsonField(f, rename)),
    exceededTransferLimit: result.exceeded,
    features,
  });
}

/** GeoJSON of a result (counts and ids as in Esri JSON). */
export function toGeoJson(result, table) {
  if (result.kind === "count" || result.kind === "ids" || result.count !== undefined) return toJson(result, table);
  const read = reader(result, table);
  const features = new Array(read.count);
  for (let k = 0; k < read.count; k++) {
    const properties = {};
    result.fields.forEach((f, j) => { properties[f.name] = read.value(k, j); });
    const g = result.kind === "page" && result.geometry ? table.geometry(read.row(k)) : null;
    features[k] = {
      type: "Feature",
      ...(result.kind === "page" ? { id: read.row(k) + 1 } : {}),
      geometry: g ? { type: "Point", coordinates: g } : null,
      properties,
    };
  }
  return JSON.stringify({
    type: "FeatureCollection",
    features,
    ...(result.exceeded ? { properties: { exceededTransferLimit: true } } : {}),
  });
}

function pbfValue(type, v) {
  if (v == null) return {};
  switch (type) {
    case "esriFieldTypeString": case "esriFieldTypeGUID": case "esriFieldTypeGlobalID": return { stringValue: String(v) };
    case "esriFieldTypeDouble": return { doubleValue: v };
    case "esriFieldTypeSingle": return { floatValue: v };
    case "esriFieldTypeOID": return { uintValue: v };
    case "esriFieldTypeDate": return { sint64Value: v };
    default: return { sintValue: v };
  }
}

/** The FeatureCollection protocol buffer of a result. */
export function toPbf(result, table) {
  let queryResult;
  if (result.kind === "count" || (result.kind === "distinct" && result.count !== undefined)) {
    queryResult = { countResult: { count: result.count } };
  } else if (result.kind === "ids") {
    queryResult = { idsResult: { objectIdFieldName: table.oidField, objectIds: Array.from(result.ids, (i) => i + 1) } };
  } else {
    const read = reader(result, table);
    const types = result.fields.map((f) => f.type);
    const withGeometry = result.kind === "page" && result.geometry;
    const { xScale, yScale, xTranslate, yTranslate } = TRANSFORM;
    const features = new Array(read.count);
    for (let k = 0; k < read.count; k++) {
      const attributes = types.map((t, j) => pbfValue(t, read.value(k, j)));
      const g = withGeometry ? table.geometry(read.row(k)) : null;
      features[k] = g
        ? { attributes, geometry: { coords: [Math.round((g[0] - xTranslate) / xScale), Math.round((yTranslate - g[1]) / yScale)] } }
        : { attributes };
    }
    queryResult = {
      featureResult: {
        objectIdFieldName: result.kind === "page" ? table.oidField : "",
        uniqueIdField: result.kind === "page" ? { name: table.oidField, isSystemMaintained: true } : undefined,
        globalIdFieldName: "",
        geometryType: withGeometry ? GEOMETRY_POINT : GEOMETRY_NONE,
        spatialReference: withGeometry ? { wkid: 4326, lastestWkid: 4326 } : undefined,
        exceededTransferLimit: Boolean(result.exceeded),
        transform: withGeometry
          ? { quantizeOriginPostion: 0, scale: { xScale, yScale }, translate: { xTranslate, yTranslate } }
          : undefined,
        fields: result.fields.map((f) => ({
          name: f.name, fieldType: FIELD_TYPE[f.type], alias: f.alias,
        })),
        features,
      },
    };
  }
  return Buffer.from(FeatureCollection.encode({ version: "", queryResult }).finish());
}
