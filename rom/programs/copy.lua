-- copy (cp): copies files matching a path (wildcards * and ?) to a destination; into it when it is a folder.

require('thox.transfer')({ ... }, 'Usage: ' .. arg[0] .. ' <source> <destination>', fs.copy)
