-- The key-value service: kvd bound on its service context; clients find it with service.find('kv').
return {
  program = 'kvd',
  type = 'bind',
  binds = { 'get', 'set', 'delete', 'keys', 'watch' },
}
