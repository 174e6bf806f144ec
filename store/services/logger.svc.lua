-- The logger service: other processes call log(text) on its context; the lines land in its log (thox svc logs logger).
return {
  program = 'logger',
  type = 'bind',
  binds = { 'log' },
}
