-- Two computers, one modem each: computer 0 sends, computer 1 only receives. Neither calls rednet.run: the runtime
-- runs it beside the program, as CraftOS runs it beside its shell. The second message is waited for with a filter
-- that the daemon's modem_message does not pass: the daemon still sees it first.
rednet.open("top")
if os.getComputerID() == 0 then
  sleep(1)
  print("sent:", rednet.send(1, "hello there", "chat"))
  sleep(1)
  rednet.send(1, "second", "chat")
else
  print("got:", rednet.receive("chat", 5))
  local _, sender, message, protocol = os.pullEvent("rednet_message")
  print("event:", sender, message, protocol)
end
