/** text/: text folding shared by search/ (indexing, querying, ranking) and qbo/ (matching custom field names). */
export { foldText } from './fold-text';
