-- Demo graph: the top of the diamond, once both sides are ready.
return { program = 'demo_step', args = { 'web', '0.1' }, type = 'notify', requires = { 'demo-cache', 'demo-api' } }
