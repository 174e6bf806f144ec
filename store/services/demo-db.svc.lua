-- Demo graph: the bottom of the diamond, after the oneshot.
return { program = 'demo_step', args = { 'db', '0.5' }, type = 'notify', requires = { 'demo-setup' } }
