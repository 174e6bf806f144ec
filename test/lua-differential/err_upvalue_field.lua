-- lua 5.4 only: errors naming upvalues, constants and fields of upvalues
local up = nil
local cfg = { opts = {} }
local function a() return up + 1 end
local function b() return cfg.opts.level.x end
local function c() return up.name end
local function d() cfg.opts.f() end
local function e() local k <const> = 'k' return k + 1 end
for _, f in ipairs({ a, b, c, d, e }) do print(pcall(f)) end
print(pcall(function() return ('x').y.z end))
print(pcall(function() return _ENV.nope.x end))
