-- Two computers, one modem each: computer 0 sends, computer 1 only receives. Neither calls rednet.run: the runtime
-- runs it beside the program, as CraftOS runs it beside its shell.
rednet.open("top")
if os.getComputerID() == 0 then
  sleep(1)
  print("sent:", rednet.send(1, "hello there", "chat"))
else
  print("got:", rednet.receive("chat", 5))
end
