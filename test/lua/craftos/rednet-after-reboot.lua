-- rednet.run beside the program from the first instant, and again after a reboot: the program's own rednet.run is
-- refused, and a message to itself arrives.
if not fs.exists("flag") then
  fs.open("flag", "w").close()
  print("first", pcall(rednet.run))
  os.reboot()
end
rednet.open("top")
print("second", pcall(rednet.run))
rednet.send(os.getComputerID(), "self", "p")
print(rednet.receive("p", 1))
