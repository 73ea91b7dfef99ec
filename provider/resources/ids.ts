// Import ids: "db.table" for tables and views, the plain name for everything else.

/** "monitor.services" -> { database: 'monitor', name: 'services' }; the first dot separates them. */
export function splitQualifiedId(id: string): { database: string; name: string } {
  const dot = id.indexOf('.');
  if (dot <= 0 || dot === id.length - 1) throw new Error(`import id "${id}" must be "database.name"`);
  return { database: id.slice(0, dot), name: id.slice(dot + 1) };
}
