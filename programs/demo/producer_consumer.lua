-- producer_consumer: a producer task makes an item every 0.1 s (a timer) and queues an event; a
-- consumer task pulls the events and prints them. The process ends when the consumer has all items.
local ITEMS = tonumber((...)) or 5
local produced = {}

local producer = os.spawn(function()
  for i = 1, ITEMS do
    os.sleep(0.1)
    produced[#produced + 1] = 'item ' .. i
    os.queue({ type = 'item', index = i })
    print(('produced item %d at %.1f s'):format(i, os.epoch() / 1000 % 1000))
  end
end)

local consumer = os.spawn(function()
  for _ = 1, ITEMS do
    local event = os.pull('item', 5)
    assert(event, 'the producer stopped producing')
    print('consumed ' .. produced[event.index])
  end
end)

os.join(producer)
os.join(consumer)
print(('done: %d items'):format(ITEMS))
