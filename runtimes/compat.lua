-- thox runtime "compat": Lua 5.1-5.3 functions provided on Lua 5.4.
--
-- How it is loaded (src/kernel/preludes.ts, Kernel.spawn): this file is the store entry runtimes/compat. The
-- kernel compiles it once, as chunk "=runtime:compat", to bytecode that keeps its line numbers (its frames
-- show as runtime:compat:LINE), and runs it, with no arguments, in each new process that asks for this runtime:
-- after the kernel's sandbox prelude, before the program, as the first part of the main task (in the process's
-- own slices), with the process's global table as _ENV. So it sees the sandboxed environment (the native API, no io or package).
--
-- It only adds what the engine lacks: every definition is guarded, so an engine that already has a function (a 5.4
-- build with LUA_COMPAT_5_3, a 5.3 build with LUA_COMPAT_5_2, ...) keeps its own. It works on Lua 5.4 (64-bit
-- integers) and on 5.3 engines such as fengari (32-bit integers). Every helper is a local: nothing but the
-- documented names is added to the environment. See docs/runtime-compat.md for what is provided and what cannot be.

local G = _ENV

local error, load, next, rawget, setmetatable, tonumber, tostring, type =
  error, load, next, rawget, setmetatable, tonumber, tostring, type
local floor, huge, log, exp = math.floor, math.huge, math.log, math.exp
local tointeger = math.tointeger
local pack = table.pack -- varargs are packed once: select(i, ...) in a loop is quadratic in their number

--------------------------------------------------------------------------------
-- Argument checking (messages in the style of the C libraries)
--------------------------------------------------------------------------------

---Message for a bad argument, like luaL_argerror.
local function badarg(argn, fname, msg)
  return "bad argument #" .. argn .. " to '" .. fname .. "' (" .. msg .. ")"
end

---Message for a value of the wrong type, like luaL_typeerror.
local function typeerr(argn, fname, expected, v)
  return badarg(argn, fname, expected .. " expected, got " .. type(v))
end

---luaL_checknumber: a number or a string convertible to one.
---Called directly by a public function: the error points at that function's caller.
local function checknumber(v, argn, fname)
  local n = tonumber(v)
  if n == nil then
    error(typeerr(argn, fname, "number", v), 3)
  end
  return n
end

---luaL_checkinteger: a number (or numeric string) with an exact integer
---representation. Called directly by a public function: the error points at
---that function's caller.
local function checkinteger(v, argn, fname)
  local i = tointeger(v)
  if i ~= nil then return i end
  local n = tonumber(v)
  if n == nil then
    error(typeerr(argn, fname, "number", v), 3)
  end
  i = tointeger(n)
  if i == nil then
    error(badarg(argn, fname, "number has no integer representation"), 3)
  end
  return i
end

--------------------------------------------------------------------------------
-- Base library: unpack, loadstring, getfenv, setfenv, gcinfo
--------------------------------------------------------------------------------

if rawget(G, "unpack") == nil then
  G.unpack = table.unpack
end

-- Functions created by loadstring, mapped to an accessor of their _ENV
-- upvalue: accessor() returns the environment, accessor(t) replaces it.
-- Weak keys: the table never keeps a function alive.
local envof = setmetatable({}, { __mode = "k" })

-- loadstring encloses the source in a function body below a local _ENV, so the
-- chunk's environment is an upvalue that its accessor (the second function)
-- can replace. The prefix has no newline: line numbers are unchanged.
local WRAP_HEAD = "local _ENV = ...; return function(...) "
local WRAP_TAIL = "\nend, function(e) if e then _ENV = e end return _ENV end"

if rawget(G, "loadstring") == nil then
  ---Lua 5.1 `loadstring`: compiles a string (text only, binary chunks are
  ---refused) into a function whose environment is the global table.
  ---Unlike 5.4 `load`, the result accepts `setfenv`.
  ---@param s string Lua source text.
  ---@param chunkname? string Name for messages; defaults to `s`.
  ---@return function|nil chunk The compiled chunk, or nil on failure.
  ---@return string|nil errmsg The compilation error.
  function G.loadstring(s, chunkname)
    local ts = type(s)
    if ts == "number" then
      s = tostring(s)
    elseif ts ~= "string" then
      error(typeerr(1, "loadstring", "string", s), 2)
    end
    if chunkname == nil then
      chunkname = s
    else
      local tc = type(chunkname)
      if tc == "number" then
        chunkname = tostring(chunkname)
      elseif tc ~= "string" then
        error(typeerr(2, "loadstring", "string", chunkname), 2)
      end
    end
    -- Compile the source on its own first: errors are reported exactly as
    -- 5.1/5.4 would, and a source that compiles alone cannot change meaning
    -- once enclosed in the function body below.
    local fn, err = load(s, chunkname, "t", G)
    if fn == nil then
      return nil, err
    end
    local outer = load(WRAP_HEAD .. s .. WRAP_TAIL, chunkname, "t", G)
    if outer == nil then
      return fn -- only if the extra nesting hits a parser limit: plain chunk
    end
    local chunk, access = outer(G)
    envof[chunk] = access
    return chunk
  end
end

if rawget(G, "getfenv") == nil then
  ---Lua 5.1 `getfenv`. Without the debug library the environment of a
  ---function can only be known for functions created by `loadstring`; every
  ---other function, and every stack level, is reported as using the global
  ---table (true for all code that does not set a custom `_ENV`).
  ---@param f? function|integer A function or a stack level (default 1; 0 = global environment).
  ---@return table env
  function G.getfenv(f)
    if f == nil then
      return G
    end
    if type(f) == "function" then
      local access = envof[f]
      if access ~= nil then
        return access()
      end
      return G
    end
    local level = tonumber(f)
    if level == nil then
      error(typeerr(1, "getfenv", "number", f), 2)
    end
    if level < 0 then
      error(badarg(1, "getfenv", "level must be non-negative"), 2)
    end
    return G
  end
end

if rawget(G, "setfenv") == nil then
  ---Lua 5.1 `setfenv`, for functions created by `loadstring` only (their
  ---environment, shared with the functions they define, is replaced in
  ---place). Stack levels (including 0, the thread environment) and other
  ---functions raise "setfenv: not supported for ... in the compat runtime".
  ---@param f function|integer A function returned by `loadstring`.
  ---@param t table The new environment.
  ---@return function f
  function G.setfenv(f, t)
    if type(t) ~= "table" then
      error(typeerr(2, "setfenv", "table", t), 2)
    end
    if type(f) == "function" then
      local access = envof[f]
      if access == nil then
        error("setfenv: not supported for functions not created by loadstring in the compat runtime", 2)
      end
      access(t)
      return f
    end
    local level = tonumber(f)
    if level == nil then
      error(typeerr(1, "setfenv", "number", f), 2)
    end
    if level < 0 then
      error(badarg(1, "setfenv", "level must be non-negative"), 2)
    end
    if level == 0 then
      error("setfenv: not supported for level 0 (the thread environment) in the compat runtime", 2)
    end
    error("setfenv: not supported for stack level " .. tostring(level) .. " in the compat runtime", 2)
  end
end

local collectgarbage = rawget(G, "collectgarbage")
if rawget(G, "gcinfo") == nil and type(collectgarbage) == "function" then
  ---Lua 5.1 `gcinfo`: the memory in use by Lua, in kilobytes (an integer).
  ---Provided only when the sandbox offers `collectgarbage("count")`.
  ---@return integer
  function G.gcinfo()
    return floor(collectgarbage("count"))
  end
end

--------------------------------------------------------------------------------
-- table: getn, setn, maxn, foreach, foreachi
--------------------------------------------------------------------------------

if table.getn == nil then
  ---Lua 5.1 `table.getn`: the length of `t` (the `#` operator).
  ---@param t table
  ---@return integer
  function table.getn(t)
    if type(t) ~= "table" then
      error(typeerr(1, "getn", "table", t), 2)
    end
    return #t
  end
end

if table.setn == nil then
  ---Lua 5.1 `table.setn`: obsolete, raises "'setn' is obsolete" as 5.1 does.
  ---@param t table
  ---@param _n integer ignored: the size is obsolete
  function table.setn(t, _n)
    if type(t) ~= "table" then
      error(typeerr(1, "setn", "table", t), 2)
    end
    error("'setn' is obsolete", 2)
  end
end

if table.maxn == nil then
  ---Lua 5.1/5.2 `table.maxn`: the largest positive numeric key of `t`
  ---(integer or not), or 0. Raw traversal, like the original.
  ---@param t table
  ---@return number
  function table.maxn(t)
    if type(t) ~= "table" then
      error(typeerr(1, "maxn", "table", t), 2)
    end
    local max = 0
    for k in next, t do
      if type(k) == "number" and k > max then
        max = k
      end
    end
    return max
  end
end

if table.foreach == nil then
  ---Lua 5.1 `table.foreach`: calls `f(k, v)` for every pair of `t` (raw
  ---traversal); stops at and returns the first non-nil result.
  ---@param t table
  ---@param f fun(k: any, v: any): any
  ---@return any
  function table.foreach(t, f)
    if type(t) ~= "table" then
      error(typeerr(1, "foreach", "table", t), 2)
    end
    if type(f) ~= "function" then
      error(typeerr(2, "foreach", "function", f), 2)
    end
    for k, v in next, t do
      local r = f(k, v)
      if r ~= nil then
        return r
      end
    end
  end
end

if table.foreachi == nil then
  ---Lua 5.1 `table.foreachi`: calls `f(i, t[i])` for i = 1..#t (length
  ---taken once); stops at and returns the first non-nil result.
  ---@param t table
  ---@param f fun(i: integer, v: any): any
  ---@return any
  function table.foreachi(t, f)
    if type(t) ~= "table" then
      error(typeerr(1, "foreachi", "table", t), 2)
    end
    if type(f) ~= "function" then
      error(typeerr(2, "foreachi", "function", f), 2)
    end
    for i = 1, #t do
      local r = f(i, t[i])
      if r ~= nil then
        return r
      end
    end
  end
end

--------------------------------------------------------------------------------
-- string: gfind
--------------------------------------------------------------------------------

if string.gfind == nil then
  string.gfind = string.gmatch -- Lua 5.0 name, still an alias in 5.1
end

--------------------------------------------------------------------------------
-- math: pow, mod, ldexp, frexp, log10, cosh, sinh, tanh, atan2, min/maxinteger
--------------------------------------------------------------------------------

if math.maxinteger == nil then
  -- Only reached on an engine that removed them: integer overflow wraps, so
  -- doubling stops at the highest power of two.
  local i = 1
  while i * 2 > i do
    i = i * 2
  end
  math.maxinteger = i + (i - 1)
  math.mininteger = -math.maxinteger - 1
end

if math.pow == nil then
  ---Lua 5.1-5.3 `math.pow`: `x ^ y` (always a float).
  ---@param x number
  ---@param y number
  ---@return number
  function math.pow(x, y)
    local a = checknumber(x, 1, "pow")
    local b = checknumber(y, 2, "pow")
    return a ^ b
  end
end

if math.mod == nil then
  math.mod = math.fmod -- Lua 5.0 name, still an alias in 5.1
end

if math.log10 == nil then
  ---Lua 5.1-5.3 `math.log10`: base-10 logarithm.
  ---@param x number
  ---@return number
  function math.log10(x)
    local n = checknumber(x, 1, "log10")
    return log(n, 10)
  end
end

if math.atan2 == nil then
  -- Lua 5.1/5.2 `math.atan2(y, x)`; 5.3+ `math.atan` takes the same two
  -- arguments (this is exactly what LUA_COMPAT_MATHLIB builds define).
  math.atan2 = math.atan
end

-- Exact powers of two 2^n for n in [-1022, 1023] ('^' is exact there).
local TWO64, TWOM64 = 2.0 ^ 64, 2.0 ^ -64
local TWOM1022, TWO1000 = 2.0 ^ -1022, 2.0 ^ 1000

---Exact frexp of a float: m in [0.5, 1) (same sign as x) and integer e with
---x == m * 2^e; (x, 0) for zero, infinities and NaN.
local function frexp(x)
  if x == 0 or x ~= x or x == huge or x == -huge then
    return x, 0
  end
  local a = x < 0 and -x or x
  local adj = 0
  if a < TWOM1022 then -- subnormal: scale into the normal range (exact)
    a, adj = a * TWO64, -64
  elseif a >= TWO1000 then -- keep 2^-e a normal number
    a, adj = a * TWOM64, 64
  end
  local e = floor(log(a, 2)) + 1 -- estimate, corrected below
  local m = a * 2.0 ^ -e -- exact: a power-of-two scaling to a normal result
  while m >= 1 do
    m, e = m * 0.5, e + 1
  end
  while m < 0.5 do
    m, e = m * 2, e - 1
  end
  if x < 0 then m = -m end
  return m, e + adj
end

---Exact ldexp: x * 2^e rounded once (to a subnormal, zero or infinity when
---the result is out of the normal range), x a float and e an integer.
local function ldexp(x, e)
  if x == 0 or x ~= x or x == huge or x == -huge then
    return x
  end
  if e > 2200 then e = 2200 elseif e < -2200 then e = -2200 end
  local f, k = frexp(x)
  local E = k + e -- result = f * 2^E, 0.5 <= |f| < 1
  if E > 1024 then
    return f * huge -- overflow: signed infinity
  elseif E >= -1021 then
    return (f * 2) * 2.0 ^ (E - 1) -- normal: exact
  elseif E >= -1085 then
    return (f * 2.0 ^ (E + 64)) * TWOM64 -- subnormal: one rounding
  end
  return f * 0.0 -- below half the smallest subnormal: signed zero
end

if math.frexp == nil then
  ---Lua 5.1-5.3 `math.frexp`: `m, e` with `x == m * 2^e` and 0.5 <= |m| < 1
  ---(`m` a float, `e` an integer); `x, 0` for zero, infinities and NaN.
  ---@param x number
  ---@return number m
  ---@return integer e
  function math.frexp(x)
    local n = checknumber(x, 1, "frexp")
    return frexp(n * 1.0)
  end
end

if math.ldexp == nil then
  ---Lua 5.1-5.3 `math.ldexp`: `m * 2^e` as a float, exactly rounded. As in
  ---5.3, `e` must have an integer representation.
  ---@param m number
  ---@param e integer
  ---@return number
  function math.ldexp(m, e)
    local x = checknumber(m, 1, "ldexp")
    local i = checkinteger(e, 2, "ldexp")
    return ldexp(x * 1.0, i)
  end
end

---expm1(x) = e^x - 1, accurate for small x: u = exp(x) is e^(x + d) with
---d = log(u) - x, so e^x - 1 = u * e^-d - 1 ~ (u - 1) - u * d.
local function expm1(x)
  local u = exp(x)
  if u == 1.0 then
    return x
  end
  local um1 = u - 1.0
  if um1 == -1.0 then
    return -1.0
  end
  if u == huge then
    return huge
  end
  return um1 - u * (log(u) - x)
end

local LOGMAX = 709.782712893384 -- log of the largest float
local HALFLN2 = 0.34657359027997264

if math.sinh == nil then
  ---Lua 5.1-5.3 `math.sinh`: hyperbolic sine.
  ---@param x number
  ---@return number
  function math.sinh(x)
    local v = checknumber(x, 1, "sinh") * 1.0
    if v ~= v or v == 0 then
      return v
    end
    local a = v < 0 and -v or v
    local r
    if a < 1 then
      local t = expm1(a)
      r = 0.5 * (2.0 * t - t * t / (t + 1.0))
    elseif a < 22 then
      local t = expm1(a)
      r = 0.5 * (t + t / (t + 1.0))
    elseif a < LOGMAX then
      r = 0.5 * exp(a)
    else
      local w = exp(0.5 * a)
      r = (0.5 * w) * w
    end
    if v < 0 then r = -r end
    return r
  end
end

if math.cosh == nil then
  ---Lua 5.1-5.3 `math.cosh`: hyperbolic cosine.
  ---@param x number
  ---@return number
  function math.cosh(x)
    local v = checknumber(x, 1, "cosh") * 1.0
    if v ~= v then
      return v
    end
    local a = v < 0 and -v or v
    if a < HALFLN2 then
      local t = expm1(a)
      local w = 1.0 + t
      return 1.0 + (t * t) / (w + w)
    elseif a < 22 then
      local t = exp(a)
      return 0.5 * t + 0.5 / t
    elseif a < LOGMAX then
      return 0.5 * exp(a)
    end
    local w = exp(0.5 * a)
    return (0.5 * w) * w
  end
end

if math.tanh == nil then
  ---Lua 5.1-5.3 `math.tanh`: hyperbolic tangent.
  ---@param x number
  ---@return number
  function math.tanh(x)
    local v = checknumber(x, 1, "tanh") * 1.0
    if v ~= v or v == 0 then
      return v
    end
    local a = v < 0 and -v or v
    local r
    if a >= 22 then
      r = 1.0
    elseif a >= 1 then
      r = 1.0 - 2.0 / (expm1(2 * a) + 2.0)
    else
      local t = expm1(-2 * a)
      r = -t / (t + 2.0)
    end
    if v < 0 then r = -r end
    return r
  end
end

--------------------------------------------------------------------------------
-- bit32 (Lua 5.2)
--------------------------------------------------------------------------------
--
-- Operands are reduced modulo 2^32 to unsigned 32-bit values; results are in
-- [0, 2^32 - 1]. Internally a value is held as a "word": the Lua integer whose
-- low 32 bits are the value. With 64-bit integers (Lua 5.4) the word is the
-- value itself; with 32-bit integers (fengari) values >= 2^31 are held as
-- negative integers. The same code is exact for both because:
--   * MASK is the hexadecimal literal 0xFFFFFFFF: 4294967295 with 64-bit
--     integers, -1 (all 32 bits set) with 32-bit integers, where hex literals
--     wrap around. `w & MASK` therefore drops the bits above 32 in both.
--   * `>>` is a logical shift and shifts of 32 or more give 0 in both.
--   * Results go back to numbers with `out`: a word is negative only with
--     32-bit integers, and then 2^32 is added as a float (such results cannot
--     be integers there); with 64-bit integers every result is an integer.
-- As the reference Lua 5.2 does on x86-64, non-integral operands are rounded
-- to the nearest integer (ties to even) and non-integral displacements,
-- fields and widths are truncated toward zero; NaN and infinities count as 0.

local MASK = 0xFFFFFFFF
local SIGN = 0x80000000 -- bit 31 (negative with 32-bit integers)
local TWO32 = 2.0 ^ 32

---Word -> result number in [0, 2^32 - 1].
local function out(w)
  if w < 0 then
    return w + TWO32
  end
  return w
end

---Nearest integer to a finite float, ties to even (exact).
local function roundeven(n)
  local a = n < 0 and -n or n
  local r = floor(a)
  local d = a - r -- exact for a >= 0
  if d > 0.5 or (d == 0.5 and r % 2 == 1) then
    r = r + 1
  end
  if n < 0 then r = -r end
  return r
end

---Operand -> word, for operands that are not integers (floats, strings,
---wrong types). `level` locates the public function's caller.
local function slowword(v, argn, fname, level)
  local n = tonumber(v)
  if n == nil then
    error(typeerr(argn, fname, "number", v), level)
  end
  local i = tointeger(n)
  if i ~= nil then
    return i & MASK
  end
  if n ~= n or n == huge or n == -huge then
    return 0
  end
  local u = roundeven(n) % TWO32 -- exact, in [0, 2^32)
  return tointeger(u) or tointeger(u - TWO32)
end

---Displacement/field/width -> integral number (integer unless huge).
---Non-integral values are truncated toward zero, like the reference 5.2.
local function slowint(v, argn, fname, level)
  local n = tonumber(v)
  if n == nil then
    error(typeerr(argn, fname, "number", v), level)
  end
  local i = tointeger(n)
  if i ~= nil then
    return i
  end
  if n ~= n or n == huge or n == -huge then
    return 0
  end
  if n < 0 then
    return -floor(-n)
  end
  return floor(n)
end

---Shift a word left (d > 0) or right (d < 0), filling with zeros.
local function shift(w, d)
  if d >= 0 then
    if d >= 32 then return 0 end
    return out((w << d) & MASK)
  end
  if d <= -32 then return 0 end
  return out(w >> -d)
end

---Rotate a word left by d (any integral number).
local function rotate(w, d)
  d = tointeger(d % 32)
  if d == 0 then
    return out(w)
  end
  return out(((w << d) | (w >> (32 - d))) & MASK)
end

---The operands of a shift or rotation: x as a word, disp as an integral number.
---Errors point at the caller of the public function.
local function shiftargs(x, disp, fname)
  local w = tointeger(x)
  if w == nil then w = slowword(x, 1, fname, 4) end
  local d = tointeger(disp)
  if d == nil then d = slowint(disp, 2, fname, 4) end
  return w & MASK, d
end

---Check `field` and `width` of extract/replace (argument numbers argn and
---argn + 1); errors point at the caller of the public function.
local function fieldargs(field, width, argn, fname)
  local f = tointeger(field) or slowint(field, argn, fname, 4)
  local w = 1
  if width ~= nil then
    w = tointeger(width) or slowint(width, argn + 1, fname, 4)
  end
  if f < 0 then
    error(badarg(argn, fname, "field cannot be negative"), 3)
  end
  if w <= 0 then
    error(badarg(argn + 1, fname, "width must be positive"), 3)
  end
  if f + w > 32 then
    error("trying to access non-existent bits", 3)
  end
  return tointeger(f), tointeger(w)
end

local bit32 = rawget(G, "bit32")
if bit32 == nil then
  bit32 = {}
  G.bit32 = bit32
end

if type(bit32) == "table" then
  if bit32.band == nil then
    ---Bitwise and of all operands (2^32 - 1 with none).
    ---@param ... integer
    ---@return integer
    function bit32.band(...)
      local r = MASK
      local args = pack(...)
      for i = 1, args.n do
        local v = args[i]
        local w = tointeger(v)
        if w == nil then w = slowword(v, i, "band", 3) end
        r = r & w
      end
      return out(r & MASK)
    end
  end

  if bit32.bor == nil then
    ---Bitwise or of all operands (0 with none).
    ---@param ... integer
    ---@return integer
    function bit32.bor(...)
      local r = 0
      local args = pack(...)
      for i = 1, args.n do
        local v = args[i]
        local w = tointeger(v)
        if w == nil then w = slowword(v, i, "bor", 3) end
        r = r | w
      end
      return out(r & MASK)
    end
  end

  if bit32.bxor == nil then
    ---Bitwise exclusive or of all operands (0 with none).
    ---@param ... integer
    ---@return integer
    function bit32.bxor(...)
      local r = 0
      local args = pack(...)
      for i = 1, args.n do
        local v = args[i]
        local w = tointeger(v)
        if w == nil then w = slowword(v, i, "bxor", 3) end
        r = r ~ w
      end
      return out(r & MASK)
    end
  end

  if bit32.btest == nil then
    ---Whether the bitwise and of the operands is not zero.
    ---@param ... integer
    ---@return boolean
    function bit32.btest(...)
      local r = MASK
      local args = pack(...)
      for i = 1, args.n do
        local v = args[i]
        local w = tointeger(v)
        if w == nil then w = slowword(v, i, "btest", 3) end
        r = r & w
      end
      return (r & MASK) ~= 0
    end
  end

  if bit32.bnot == nil then
    ---Bitwise negation: (-1 - x) mod 2^32.
    ---@param x integer
    ---@return integer
    function bit32.bnot(x)
      local w = tointeger(x)
      if w == nil then w = slowword(x, 1, "bnot", 3) end
      return out(~w & MASK)
    end
  end

  if bit32.lshift == nil then
    ---x shifted disp bits to the left (right if disp < 0), zero fill;
    ---|disp| >= 32 gives 0.
    ---@param x integer
    ---@param disp integer
    ---@return integer
    function bit32.lshift(x, disp)
      local w, d = shiftargs(x, disp, "lshift")
      return shift(w, d)
    end
  end

  if bit32.rshift == nil then
    ---x shifted disp bits to the right (left if disp < 0), zero fill;
    ---|disp| >= 32 gives 0.
    ---@param x integer
    ---@param disp integer
    ---@return integer
    function bit32.rshift(x, disp)
      local w, d = shiftargs(x, disp, "rshift")
      return shift(w, -d)
    end
  end

  if bit32.arshift == nil then
    ---Arithmetic right shift: like rshift, but when disp > 0 the vacant bits
    ---are copies of bit 31; disp >= 32 gives 0 or 2^32 - 1. A negative disp
    ---shifts left (zero fill).
    ---@param x integer
    ---@param disp integer
    ---@return integer
    function bit32.arshift(x, disp)
      local w, d = shiftargs(x, disp, "arshift")
      if d < 0 or (w & SIGN) == 0 then
        return shift(w, -d)
      end
      if d >= 32 then
        return out(MASK)
      end
      return out(((w >> d) | ~(MASK >> d)) & MASK)
    end
  end

  if bit32.lrotate == nil then
    ---x rotated disp bits to the left (right if disp < 0), disp taken mod 32.
    ---@param x integer
    ---@param disp integer
    ---@return integer
    function bit32.lrotate(x, disp)
      local w, d = shiftargs(x, disp, "lrotate")
      return rotate(w, d)
    end
  end

  if bit32.rrotate == nil then
    ---x rotated disp bits to the right (left if disp < 0), disp taken mod 32.
    ---@param x integer
    ---@param disp integer
    ---@return integer
    function bit32.rrotate(x, disp)
      local w, d = shiftargs(x, disp, "rrotate")
      return rotate(w, -d)
    end
  end

  if bit32.extract == nil then
    ---Unsigned number formed by bits field .. field + width - 1 of n (bit 0
    ---is the least significant). Requires field >= 0, width >= 1 (default 1)
    ---and field + width <= 32 ("trying to access non-existent bits").
    ---@param n integer
    ---@param field integer
    ---@param width? integer
    ---@return integer
    function bit32.extract(n, field, width)
      local w = tointeger(n)
      if w == nil then w = slowword(n, 1, "extract", 3) end
      local f, wd = fieldargs(field, width, 2, "extract")
      return out(((w & MASK) >> f) & ((1 << wd) - 1))
    end
  end

  if bit32.replace == nil then
    ---Copy of n with bits field .. field + width - 1 replaced by the low
    ---`width` bits of v; same field/width rules as extract.
    ---@param n integer
    ---@param v integer
    ---@param field integer
    ---@param width? integer
    ---@return integer
    function bit32.replace(n, v, field, width)
      local r = tointeger(n)
      if r == nil then r = slowword(n, 1, "replace", 3) end
      local x = tointeger(v)
      if x == nil then x = slowword(v, 2, "replace", 3) end
      local f, wd = fieldargs(field, width, 3, "replace")
      local m = (1 << wd) - 1
      return out(((r & ~(m << f)) | ((x & m) << f)) & MASK)
    end
  end
end
