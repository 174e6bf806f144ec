-- Demo graph: one side of the diamond.
return { program = 'demo_step', args = { 'cache', '0.2' }, type = 'notify', requires = { 'demo-db' } }
