-- repeat: relays rednet messages between computers out of each other's range: every modem listens on rednet's
-- repeat channel, and each message heard there for the first time goes out again on every modem.

local modems = {}
for _, name in ipairs(peripheral.getNames()) do
  if peripheral.getType(name) == 'modem' then
    modems[#modems + 1] = name
    peripheral.call(name, 'open', rednet.CHANNEL_REPEAT)
  end
end
if #modems == 0 then
  print('No modems found.')
  return
end
print(#modems .. ' modem' .. (#modems == 1 and '' or 's') .. ' found.')

--- The channel a message for `recipient` travels on (as rednet.send picks it).
---@param recipient number
---@return number
local function channel_for(recipient)
  if recipient == rednet.CHANNEL_BROADCAST then return recipient end
  return recipient % rednet.MAX_ID_CHANNELS
end

local seen, repeated = {}, 0
while true do
  local _, _, channel, reply, packet = os.pullEvent('modem_message')
  if channel == rednet.CHANNEL_REPEAT and type(packet) == 'table' and type(packet.nMessageID) == 'number'
    and type(packet.nRecipient) == 'number' and not seen[packet.nMessageID] then
    seen[packet.nMessageID] = true
    for _, name in ipairs(modems) do
      peripheral.call(name, 'transmit', channel_for(packet.nRecipient), reply, packet)
      peripheral.call(name, 'transmit', rednet.CHANNEL_REPEAT, reply, packet)
    end
    repeated = repeated + 1
    print(repeated .. ' message' .. (repeated == 1 and '' or 's') .. ' repeated')
  end
end
