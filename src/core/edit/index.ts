/** Writing by splicing the source: inserting, replacing and removing YAML/JSON nodes in the surrounding style, rendering only the new pieces. */
export { SourceEditor } from './yaml-edit';
export { detectDocumentStyle, renderBlock } from './render';
