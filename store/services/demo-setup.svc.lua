-- Demo graph: a oneshot that prepares things; demo-db waits for it to succeed.
return { program = 'demo_step', args = { 'setup', '0.3', 'oneshot' }, type = 'oneshot' }
