-- CraftOS's gps API: a computer finds its position by pinging GPS hosts over a wireless modem and trilaterating
-- their answers (each host's position and its distance); `gps host X Y Z` is such a host (docs/craftos/libraries-b.md).

local expect = dofile("rom/modules/main/cc/expect.lua").expect

CHANNEL_GPS = 65534

local sqrt, abs, floor = math.sqrt, math.abs, math.floor
local TOLERANCE = 0.01

local function add(a, b) return { a[1] + b[1], a[2] + b[2], a[3] + b[3] } end
local function sub(a, b) return { a[1] - b[1], a[2] - b[2], a[3] - b[3] } end
local function scale(a, k) return { a[1] * k, a[2] * k, a[3] * k } end
local function dot(a, b) return a[1] * b[1] + a[2] * b[2] + a[3] * b[3] end
local function cross(a, b) return { a[2] * b[3] - a[3] * b[2], a[3] * b[1] - a[1] * b[3], a[1] * b[2] - a[2] * b[1] } end
local function length(a) return sqrt(dot(a, a)) end

--- A coordinate rounded to the tolerance (a whole number when it is one).
local function round(v)
  local r = floor(v / TOLERANCE + 0.5) * TOLERANCE
  if abs(r - floor(r + 0.5)) < TOLERANCE / 2 then return floor(r + 0.5) end
  return r
end

local function round_point(p) return { round(p[1]), round(p[2]), round(p[3]) } end

--- "x,y,z" with each number as tostring writes it (CraftOS's numbers: 8, not 8.0).
local function point_text(p) return tostring(p[1]) .. "," .. tostring(p[2]) .. "," .. tostring(p[3]) end

local function same_point(a, b) return a[1] == b[1] and a[2] == b[2] and a[3] == b[3] end

--- The points at their distances from three fixes: one, two (mirror images), or none when they are in a line.
---@return table|nil first
---@return table|nil second
local function trilaterate(a, b, c)
  local ab, ac = sub(b.position, a.position), sub(c.position, a.position)
  local d = length(ab)
  if d == 0 or length(ac) == 0 or abs(dot(ab, ac) / (d * length(ac))) > 0.999 then return nil end
  local ex = scale(ab, 1 / d)
  local i = dot(ex, ac)
  local ey_raw = sub(ac, scale(ex, i))
  local ey = scale(ey_raw, 1 / length(ey_raw))
  local j = dot(ey, ac)
  local ez = cross(ex, ey)
  local r1, r2, r3 = a.distance, b.distance, c.distance
  local x = (r1 ^ 2 - r2 ^ 2 + d ^ 2) / (2 * d)
  local y = (r1 ^ 2 - r3 ^ 2 + i ^ 2 + j ^ 2) / (2 * j) - (i / j) * x
  local base = add(a.position, add(scale(ex, x), scale(ey, y)))
  local z_squared = r1 ^ 2 - x ^ 2 - y ^ 2
  if z_squared > 0 then
    local z = sqrt(z_squared)
    local p1, p2 = round_point(add(base, scale(ez, z))), round_point(sub(base, scale(ez, z)))
    if same_point(p1, p2) then return p1 end
    return p1, p2
  end
  return round_point(base)
end

--- Keeps of two candidate points those at the right distance from one more fix.
local function narrow(p1, p2, fix)
  local ok1 = abs(length(sub(p1, fix.position)) - fix.distance) < TOLERANCE
  local ok2 = abs(length(sub(p2, fix.position)) - fix.distance) < TOLERANCE
  if ok1 and not ok2 then return p1 end
  if ok2 and not ok1 then return p2 end
  return p1, p2
end

--- Whether one of the fixes is from the position `p`.
local function known(fixes, p)
  for _, fix in ipairs(fixes) do
    local q = fix.position
    if q[1] == p[1] and q[2] == p[2] and q[3] == p[3] then return true end
  end
  return false
end

--- The name of the first wireless modem, or nil.
local function wireless_modem()
  for _, name in ipairs(peripheral.getNames()) do
    if peripheral.getType(name) == "modem" and peripheral.call(name, "isWireless") then return name end
  end
end

--- Whether a modem message is a GPS answer: a position of three numbers, with the distance it came from.
local function is_fix(message, distance)
  return type(message) == "table" and #message == 3 and type(message[1]) == "number"
    and type(message[2]) == "number" and type(message[3]) == "number" and type(distance) == "number"
end

--- Finds this computer's position: x, y, z, or nil when fewer than enough hosts answer within `timeout` seconds
--- (2 by default) or the answers leave two positions. With `debug`, says what it does.
---@param timeout? number
---@param debug? boolean
---@return number|nil x
---@return number|nil y
---@return number|nil z
function locate(timeout, debug)
  expect(1, timeout, "number", "nil")
  expect(2, debug, "boolean", "nil")
  local say = debug and print or function() end
  local modem = wireless_modem()
  if not modem then
    say("No wireless modem attached")
    return nil
  end
  say("Finding position...")
  local opened = not peripheral.call(modem, "isOpen", CHANNEL_GPS)
  if opened then peripheral.call(modem, "open", CHANNEL_GPS) end
  peripheral.call(modem, "transmit", CHANNEL_GPS, CHANNEL_GPS, "PING")

  local fixes, p1, p2 = {}, nil, nil
  local timer = os.startTimer(timeout or 2)
  while true do
    local event, side, channel, reply, message, distance = os.pullEvent()
    if event == "modem_message" and side == modem and channel == CHANNEL_GPS and reply == CHANNEL_GPS
      and is_fix(message, distance) then
      local fix = { position = { message[1], message[2], message[3] }, distance = distance }
      say(tostring(distance) .. " metres from " .. point_text(fix.position))
      if distance == 0 then
        p1, p2 = fix.position, nil
      elseif not known(fixes, fix.position) then -- a second host at one place tells nothing new
        fixes[#fixes + 1] = fix
        if #fixes >= 3 then
          if not p1 then
            p1, p2 = trilaterate(fixes[1], fixes[2], fixes[#fixes])
          elseif p2 then
            p1, p2 = narrow(p1, p2, fix)
          end
        end
      end
      if p1 and not p2 then break end
    elseif event == "timer" and side == timer then
      break
    end
  end
  -- the timer is left to run out (its event is no one's), as CraftOS's locate does
  if opened then peripheral.call(modem, "close", CHANNEL_GPS) end

  if p1 and p2 then
    say("Ambiguous position")
    say("Could be " .. point_text(p1) .. " or " .. point_text(p2))
    return nil
  elseif p1 then
    say("Position is " .. point_text(p1))
    return p1[1], p1[2], p1[3]
  end
  say("Could not determine position")
  return nil
end
