-- Demo graph: the other side of the diamond.
return { program = 'demo_step', args = { 'api', '0.4' }, type = 'notify', requires = { 'demo-db' } }
