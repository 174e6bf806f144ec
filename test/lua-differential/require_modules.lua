-- require of sibling modules, package.loaded, preload, errors listing places
local h, where = require('diff_helper')
print(h.greet('you'), h.loaded_as, where, h == require('diff_helper'))
print(package.loaded.diff_helper == h, (require('sub')).name, require('sub.leaf'))
print(require('string') == string, require('utf8') == utf8, require('table') == table, require('math') == math)
print(require('coroutine') == coroutine, require('os') == os, require('io') == io, require('_G') == _G)
package.preload.virtual = function(name, extra) return { n = name, e = extra } end
local v, extra = require('virtual')
print(v.n, v.e, extra)
package.loaded.fake = 'already'
print(require('fake'))
local ok, msg = pcall(require, 'no_such_module_xyz')
print(ok, (msg:match("^module 'no_such_module_xyz' not found:")))
print(pcall(require))
package.preload.returns_nothing = function() end
print(require('returns_nothing'), package.loaded.returns_nothing)
package.preload.returns_false = function() return false end
print(require('returns_false'), package.loaded.returns_false)
print(type(package.path), type(package.searchers), #package.searchers >= 2, package.config:sub(1, 1))
