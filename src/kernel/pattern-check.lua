-- The sandbox's check of a pattern before Lua's own matcher runs it (a kernel chunk, loaded on the first pattern):
-- whether the pattern can raise an error at all, so that only those take the slow path, where errors read as Lua's.
local c_find = string.find

--- Where the set that starts at p[i] ('[') ends (the index after its ']'), as Lua's matcher reads it; nil if open.
local function set_end(p, i)
  local j, n = i + 1, #p
  if p:byte(j) == 94 then j = j + 1 end
  repeat
    if j > n then return nil end
    local c = p:byte(j)
    j = j + 1
    if c == 37 then
      if j > n then return nil end
      j = j + 1
    end
  until p:byte(j) == 93
  return j + 1
end

--- Whether Lua's matcher can run p with no error whatever the subject, and how many captures p has.
---@param p string
---@return boolean ok
---@return integer captures
local function well_formed(p)
  local i, n, open, closed, count = 1, #p, {}, {}, 0
  while i <= n do
    local c = p:byte(i)
    if c == 40 then -- '(': a capture opens
      count = count + 1
      if count > 32 then return false, count end
      open[#open + 1], i = count, i + 1
    elseif c == 41 then -- ')'
      if #open == 0 then return false, count end
      closed[open[#open]], open[#open], i = true, nil, i + 1
    elseif c == 91 then -- '['
      i = set_end(p, i)
      if not i then return false, count end
    elseif c == 37 then -- '%'
      local d = p:byte(i + 1)
      if d == nil then return false, count end
      if d == 98 then -- %bxy
        if i + 3 > n then return false, count end
        i = i + 4
      elseif d == 102 then -- %f[set]
        if p:byte(i + 2) ~= 91 then return false, count end
        i = set_end(p, i + 2)
        if not i then return false, count end
      elseif d >= 48 and d <= 57 then -- a back reference to a closed capture
        if not closed[d - 48] then return false, count end
        i = i + 2
      else
        i = i + 2
      end
    else
      i = i + 1
    end
  end
  return #open == 0, count
end

--- Whether gsub's replacement string repl is valid for a pattern with `count` captures.
local function good_replacement(repl, count)
  local i = c_find(repl, '%', 1, true)
  while i do
    local d = repl:byte(i + 1)
    if d == nil or d ~= 37 and (d < 48 or d > 57 or d - 48 > (count == 0 and 1 or count)) then return false end
    i = c_find(repl, '%', i + 2, true)
  end
  return true
end

return { well_formed = well_formed, good_replacement = good_replacement }
