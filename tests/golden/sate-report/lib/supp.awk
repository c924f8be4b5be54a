BEGIN {
	print "cct,semaforo"
	for (i = 0; i < 4; i++) print "15EPR0015Z,rojo"
	for (i = 0; i < 6; i++) print "15EPR0015Z,amarillo"
	for (i = 0; i < 20; i++) print "15EPR0015Z,verde"
	for (i = 0; i < 12; i++) print "15EPR0016Z,rojo"
	for (i = 0; i < 3; i++) print "15EPR0016Z,amarillo"
	for (i = 0; i < 10; i++) print "15EPR0016Z,verde"
	for (i = 0; i < 8; i++) print "15EPR0456W,verde"
}
