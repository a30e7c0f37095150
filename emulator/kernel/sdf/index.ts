/** Microkit `.system` (SDF) parsing, validation and the derived Microkit PD layout. */
export { parseSystem, resolveProgramImage } from './sdf.js';
export { SdfError, type SdfWarning, type SourcePos } from './errors.js';
export { parseXml, getAttribute, type XmlAttribute, type XmlElement, type XmlNode, type XmlText } from './xml.js';
export { parseSdfNumber } from './attrs.js';
export type * from './types.js';
export * from './microkit-layout.js';
