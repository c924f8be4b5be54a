/*
 * sate-gen - write a deterministic sample school zone as CSV
 *
 *	sate-gen [options] escuelas|alumnos|evaluaciones|compromisos|all
 *
 * Everything comes from the seed through a private PRNG (splitmix64) in
 * integer arithmetic only, so the output is byte-identical across runs
 * and machines, whatever the locale.
 *
 * Students are never stored.  Each one is rebuilt from its global index
 * (schools in CCT order, then grade, group and place in the group), so
 * memory does not grow with --students or --rows; only the schools are
 * kept in an array.
 *
 * CURPs are unique by construction.  The name lists are grouped by the
 * CURP letters each name gives (first surname: initial, vowel, consonant;
 * second surname and given name: initial, consonant), and a keyed
 * permutation maps a student's index to a tuple (first-surname group,
 * second-surname group, sex and given-name group, day of the year).  Two
 * students born in the same year thus always differ in some CURP letter,
 * and students born in different years differ in the date.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

#define PROG		"sate-gen"
#define OUTBUF		(1 << 20)	/* output buffer per file */
#define OUTSLACK	4096		/* room always left for one field */
#define MAXGRADES	6
#define MAXGROUPS	26		/* groups A-Z per grade */
#define MAXPERIODS	5
#define MAXSCHOOLS	1000000L
#define MAXSTUDENTS	100000000L
#define STUDENTS_PER_SCHOOL 300		/* --students without --schools */
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

enum kind { K_ESCUELAS, K_ALUMNOS, K_EVALUACIONES, K_COMPROMISOS, K_ALL };

enum {
	MESS_BOM = 1 << 0,
	MESS_CRLF = 1 << 1,
	MESS_LATIN1 = 1 << 2,
	MESS_ALIASES = 1 << 3,
	MESS_BADCURP = 1 << 4,
	MESS_CCTTYPO = 1 << 5,
	MESS_DUP = 1 << 6,
	MESS_SEMICOLON = 1 << 7
};

/* Random streams: one domain per kind of decision. */
enum {
	D_PERM = 1, D_ZONE, D_SCHOOL, D_GROUPS, D_STUDENT, D_DRIFT, D_EVAL,
	D_DAYS, D_COUNTS, D_COMMIT
};

enum { LVL_PRE, LVL_PRI, LVL_SEC };
enum { ST_ACTIVO, ST_ALTA, ST_BAJA };
enum { LV_REQ, LV_DES, LV_ESP };

/* ------------------------------------------------------------- options */

static uint64_t	 opt_seed = 1;
static long	 opt_schools = -1;
static long	 opt_students = -1;
static long	 opt_periods = 3;
static long	 opt_rows = -1;
static int	 opt_raw;
static unsigned	 opt_mess;
static int	 ciclo_year = 2025;	/* first year of the school year */

static const char usage_line[] =
    PROG " [options] escuelas|alumnos|evaluaciones|compromisos|all";

static const char help_text[] =
"usage: " PROG " [options] KIND\n"
"Write a deterministic sample school zone (Estado de Mexico) as CSV.\n"
"\n"
"KIND is one of:\n"
"  escuelas       the zone's schools\n"
"  alumnos        the students enrolled, one row each\n"
"  evaluaciones   SisAT-style results, one row per student and period\n"
"  compromisos    a ledger of CTE commitments (one line per event)\n"
"  all            every file above into the directory of -o, plus one\n"
"                 evaluaciones-pN.csv per period\n"
"\n"
"Options:\n"
"  -o, --outdir=DIR     write the files into DIR (created if missing);\n"
"                       required with all; with another KIND, write\n"
"                       DIR/KIND.csv instead of standard output\n"
"  -s, --seed=N         random seed, 0 to 2^64-1 (default 1)\n"
"      --schools=N      schools, 1 to 1000000 (default 10, or\n"
"                       students / 300 when --students is given)\n"
"      --students=N     students in all, 1 to 100000000 (default: 2 or 3\n"
"                       groups of about 25 per grade and school)\n"
"      --periods=N      evaluation periods, 1 to 5 (default 3)\n"
"      --ciclo=Y-Y      school year (default 2025-2026)\n"
"      --rows=N         evaluaciones: exactly N rows; when the zone has\n"
"                       too few students it grows (unless --students is\n"
"                       given), then the next school years follow\n"
"      --raw            evaluaciones: raw instrument scores (lectura_c1..6\n"
"                       1-3, calculo_r1..10 I, IV or 0) instead of levels\n"
"      --mess=LIST      inject the messes of real exports, a comma list:\n"
"                         bom        UTF-8 byte order mark\n"
"                         crlf       CRLF line ends\n"
"                         latin1     ISO-8859-1 instead of UTF-8 (no BOM)\n"
"                         aliases    upper-case header aliases (CV_CCT, ...)\n"
"                         badcurp    about 0.5% invalid CURPs\n"
"                         ccttypo    one row per file with a wrong CCT\n"
"                                    check letter\n"
"                         dup        one student enrolled in two schools\n"
"                         semicolon  ';' as the delimiter\n"
"                         all        all of the above\n"
"  -h, --help           print this help and exit\n"
"      --version        print the version and exit\n"
"\n"
"The same options and seed always give the same bytes.\n";

/* ------------------------------------------------------------ messages */

static _Noreturn void	gen_die(int, const char *, ...)
			    __attribute__((format(printf, 2, 3)));
static _Noreturn void	usage(const char *, ...)
			    __attribute__((format(printf, 1, 2)));

static void
gen_die(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/* A usage error: the problem (if any), the synopsis, the hint. */
static void
usage(const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fprintf(stderr, "%s: ", PROG);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, "usage: %s\n", usage_line);
	fprintf(stderr, "Try '%s --help' for more information.\n", PROG);
	exit(SATE_EXIT_USAGE);
}

static void *
gen_alloc(size_t n)
{
	void *p;

	if ((p = calloc(n ? n : 1, 1)) == NULL)
		gen_die(SATE_EXIT_IO, "out of memory (%zu bytes)", n);
	return p;
}

/* -------------------------------------------------------------- random */

struct rng {
	uint64_t s;
};

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A stream for one decision domain and two keys, from the seed. */
static void
rseed(struct rng *r, uint64_t domain, uint64_t a, uint64_t b)
{
	r->s = mix64(mix64(opt_seed * 0x9e3779b97f4a7c15ULL + domain) ^ a);
	r->s = mix64(r->s + 0x632be59bd9b4e019ULL + b);
}

static uint64_t
rnext(struct rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return mix64(r->s);
}

/* Uniform in [0, n). */
static unsigned
rbelow(struct rng *r, unsigned n)
{
	return (unsigned)(((rnext(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int
rrange(struct rng *r, int lo, int hi)
{
	return lo + (int)rbelow(r, (unsigned)(hi - lo + 1));
}

/* True with probability pm per mille. */
static int
rchance(struct rng *r, unsigned pm)
{
	return rbelow(r, 1000) < pm;
}

/* ---------------------------------------------------------------- data */

/* First surnames and second surnames (no "Mi..." surname: MIAR/MION
 * would fold onto MEAR/MEON, see bad_words). */
static const char *const surnames[] = {
	"García", "Hernández", "Martínez", "López", "González", "Rodríguez",
	"Pérez", "Sánchez", "Ramírez", "Cruz", "Flores", "Gómez", "Morales",
	"Vázquez", "Reyes", "Jiménez", "Torres", "Díaz", "Gutiérrez", "Ruiz",
	"Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero",
	"Álvarez", "Méndez", "Chávez", "Rivera", "Juárez", "Ramos",
	"Domínguez", "Herrera", "Medina", "Castro", "Vargas", "Guzmán",
	"Velázquez", "Muñoz", "Rojas", "Salazar", "Contreras", "Luna",
	"Ortega", "Guerrero", "Estrada", "Bautista", "Núñez", "Ibáñez",
	"Peña", "Cortés", "Soto", "Valdez", "Escobar", "Delgado", "Navarro",
	"Maldonado", "Cervantes", "Mejía", "Robles", "Carrillo", "Ríos",
	"Zúñiga", "Olvera", "Becerril", "Colín", "Garduño", "Albarrán",
	"Mercado", "Nava", "Osorio", "Quintana", "Yáñez", "Uribe", "Trejo",
	"Valencia", "Espinoza", "Fuentes", "Santiago", "Cárdenas",
	"de la Cruz", "del Valle", "Ordóñez", "Fernández", "Téllez",
	"Esquivel", "Pichardo", "Arriaga", "Benítez", "Ávila", "Lara",
	"Acosta", "Bernal", "Hidalgo", "Solís", "Ponce", "Zamora", "Serrano",
	"Jaimes", "Villegas", "Ocampo", "Huerta", "Xolalpa", "Enríquez",
	"Iturbe", "Quiroz", "Ugalde", "Yépez", "Zepeda", "Kuri", "Wong"
};

static const char *const names_h[] = {
	"José Luis", "Juan Carlos", "Miguel Ángel", "Luis Ángel",
	"José Ángel", "Ángel", "Santiago", "Mateo", "Sebastián", "Leonardo",
	"Emiliano", "Diego", "Daniel", "Alejandro", "Iker", "Gael", "Tadeo",
	"Matías", "Dylan", "Kevin", "Christopher", "Brandon", "Hugo",
	"Rodrigo", "Fernando", "Emmanuel", "Jesús", "Eduardo", "Ricardo",
	"Axel", "Óscar", "Iván", "Uriel", "Ulises", "Aarón", "Adrián",
	"Erick", "Isaac", "Julián", "Nicolás", "Maximiliano", "Damián",
	"Patricio", "Rafael", "Valentín", "Osvaldo", "Yahir", "Zaid",
	"Caleb", "José", "José Manuel", "Juan Pablo", "Gerardo", "Bruno",
	"Víctor Hugo", "Omar", "Pablo", "Francisco", "Vicente", "Wilfrido",
	"Xavier", "Néstor", "Ernesto", "Jorge", "Quetzalcóatl", "Tonatiuh"
};

static const char *const names_m[] = {
	"María José", "María Fernanda", "María Guadalupe", "Ximena", "Sofía",
	"Valentina", "Regina", "Camila", "Renata", "Victoria", "Romina",
	"Natalia", "Valeria", "Mariana", "Fernanda", "Daniela", "Andrea",
	"Paola", "Itzel", "Citlali", "Yaretzi", "Guadalupe", "Ana Sofía",
	"Ángela", "Abril", "Jimena", "Danna", "Alexa", "Montserrat",
	"Luciana", "Isabella", "Estefanía", "Dulce María", "Brenda", "Karla",
	"Nayeli", "Quetzalli", "Zoe", "Ámbar", "Aitana", "Frida", "Elena",
	"Ivanna", "Hanna", "María de los Ángeles", "María", "Lucía", "Emilia",
	"Ofelia", "Paulina", "Rebeca", "Tania", "Úrsula", "Wendy", "Yolanda",
	"Beatriz", "Carolina", "Gabriela", "Julieta", "Miranda", "Noemí",
	"Xóchitl", "Ilse", "Elizabeth", "Zaira"
};

/* Words that may not stand in positions 1-4 of a CURP (RENAPO's list);
 * the second letter then becomes X.  Sorted. */
static const char bad_words[][5] = {
	"BACA", "BAKA", "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO",
	"CAKA", "CAKO", "COGE", "COGI", "COJA", "COJE", "COJI", "COJO",
	"COLA", "CULO", "FALO", "FETO", "GETA", "GUEI", "GUEY", "JETA",
	"JOTO", "KACA", "KACO", "KAGA", "KAGO", "KAKA", "KAKO", "KOGE",
	"KOGI", "KOJA", "KOJE", "KOJI", "KOJO", "KOLA", "KULO", "LILO",
	"LOCA", "LOCO", "LOKA", "LOKO", "MAME", "MAMO", "MEAR", "MEAS",
	"MEON", "MIAR", "MION", "MOCO", "MOKO", "MULA", "MULO", "NACA",
	"NACO", "PEDA", "PEDO", "PENE", "PIPI", "PITO", "POPO", "PUTA",
	"PUTO", "QULO", "RATA", "ROBA", "ROBE", "ROBO", "RUIN", "SENO",
	"TETA", "VACA", "VAGA", "VAGO", "VAKA", "VUEI", "VUEY", "WUEI",
	"WUEY"
};

/* Birth states other than MC, with weights per mille of all students. */
static const struct {
	char code[3];
	unsigned pm;
} other_states[] = {
	{ "DF", 70 }, { "HG", 10 }, { "PL", 10 }, { "MN", 8 }, { "GR", 8 },
	{ "OC", 8 }, { "VZ", 7 }, { "JC", 5 }, { "MS", 4 }, { "NE", 5 }
};

static const char *const school_names[] = {
	"Benito Juárez", "Josefa Ortiz de Domínguez", "Niños Héroes",
	"Miguel Hidalgo y Costilla", "Leona Vicario",
	"Sor Juana Inés de la Cruz",
	"Emiliano Zapata", "Lázaro Cárdenas", "Ignacio Manuel Altamirano",
	"Rosario Castellanos", "Gabriela Mistral", "Jaime Torres Bodet",
	"José Vasconcelos", "Justo Sierra", "Nezahualcóyotl", "Cuauhtémoc",
	"Francisco I. Madero", "Vicente Guerrero", "José María Morelos y Pavón",
	"Ignacio Zaragoza", "Revolución Mexicana", "Tierra y Libertad",
	"Amado Nervo", "Adolfo López Mateos", "Isidro Fabela",
	"Andrés Molina Enríquez", "Felipe Villanueva", "Laura Méndez de Cuenca",
	"Guadalupe Victoria", "Narciso Mendoza", "Héroes de la Independencia",
	"Agustín Melgar", "Juan Escutia", "Carmen Serdán", "Octavio Paz",
	"Juan Rulfo", "Manuel Acuña", "Gregorio Torres Quintero",
	"Cristóbal Colón", "Fray Bartolomé de las Casas"
};

static const char *const pre_names[] = {
	"Federico Froebel", "Rosaura Zapata", "Estefanía Castañeda",
	"María Montessori", "Juan Enrique Pestalozzi", "Bertha von Glümer",
	"Francisco Gabilondo Soler", "Eva Sámano de López Mateos",
	"Mi Patria es Primero", "Alegría Infantil", "Pípila",
	"Xochipilli", "Margarita Maza de Juárez", "Niños Héroes",
	"Josefa Ortiz de Domínguez", "Sor Juana Inés de la Cruz"
};

static const struct {
	const char *municipio;
	const char *localidades[6];
} places[] = {
	{ "Toluca", { "Toluca de Lerdo", "San Pablo Autopan",
	    "San Cristóbal Huichochitlán", "Santa Ana Tlapaltitlán",
	    "San Andrés Cuexcontitlán", "Cacalomacán" } },
	{ "Metepec", { "Metepec", "San Jerónimo Chicahualco",
	    "San Lorenzo Coacalco", "San Salvador Tizatlalli",
	    "San Miguel Totocuitlapilco", "San Gaspar Tlahuelilpan" } },
	{ "Zinacantepec", { "San Miguel Zinacantepec", "San Luis Mextepec",
	    "San Juan de las Huertas", "Santa Cruz Cuauhtenco",
	    "San Cristóbal Tecolit", "Acahualco" } },
	{ "Ecatepec de Morelos", { "Ecatepec de Morelos",
	    "Santa María Chiconautla", "San Cristóbal Ecatepec",
	    "Santo Tomás Chiconautla", "Guadalupe Victoria",
	    "San Pedro Xalostoc" } },
	{ "Nezahualcóyotl", { "Ciudad Nezahualcóyotl", "Benito Juárez",
	    "Evolución", "Impulsora Popular Avícola", "Metropolitana",
	    "El Sol" } },
	{ "Texcoco", { "Texcoco de Mora", "San Miguel Coatlinchán",
	    "San Jerónimo Amanalco", "Santa Catarina del Monte",
	    "San Luis Huexotla", "Santiago Cuautlalpan" } },
	{ "Ixtlahuaca", { "Ixtlahuaca de Rayón", "San Pedro de los Baños",
	    "San Bartolo del Llano", "Emiliano Zapata", "Santa Ana Ixtlahuaca",
	    "San Cristóbal de los Baños" } },
	{ "Tenancingo", { "Tenancingo de Degollado", "San Simonito",
	    "Santa Ana Ixtlahuatzingo", "Tepetzingo", "El Salitre",
	    "San Miguel Tecomatlán" } },
	{ "Valle de Bravo", { "Valle de Bravo", "Avándaro",
	    "San Gabriel Ixtla", "Colorines", "Santa Teresa Tiloxtoc",
	    "Barrio de Guadalupe" } },
	{ "Atlacomulco", { "Atlacomulco de Fabela", "San Juan de los Jarros",
	    "Santiago Acutzilapan", "San Pedro del Rosal",
	    "Bobashí de Guadalupe", "San Lorenzo Tlacotepec" } },
	{ "Chalco", { "Chalco de Díaz Covarrubias", "San Mateo Huitzilzingo",
	    "San Martín Cuautlalpan", "Santa María Huexoculco",
	    "San Lucas Amalinalco", "San Gregorio Cuautzingo" } },
	{ "Temoaya", { "Temoaya", "San Pedro Arriba", "Jiquipilco el Viejo",
	    "Enthavi", "Solalpan", "San Diego Alcalá" } },
	{ "San Felipe del Progreso", { "San Felipe del Progreso",
	    "San Juan Coté", "Fresno Nichi", "Santa Ana Nichi",
	    "Emilio Portes Gil", "San Pedro el Alto" } },
	{ "Tejupilco", { "Tejupilco de Hidalgo", "San Miguel Ixtapan",
	    "Rincón de Jaimes", "Bejucos", "Ocotepec", "Llano Grande" } }
};

/* PEMC ámbitos. */
static const char *const ambitos[] = {
	"aprovechamiento académico", "prácticas docentes",
	"formación docente", "avance de planes y programas",
	"participación de la comunidad",
	"desempeño de la autoridad escolar", "infraestructura y equipamiento",
	"carga administrativa"
};

#define L_PRE	(1 << LVL_PRE)
#define L_PRI	(1 << LVL_PRI)
#define L_SEC	(1 << LVL_SEC)
#define L_ALL	(L_PRE | L_PRI | L_SEC)

static const struct acuerdo {
	int ambito;
	int levels;
	const char *acuerdo;
	const char *resultado;
	const char *evidencia;
} acuerdos[] = {
	{ 0, L_PRI | L_SEC,
	  "Aplicar la estrategia de lectura diaria de 20 minutos en todos "
	  "los grupos",
	  "Que el 70 % de los alumnos alcance el nivel esperado en lectura",
	  "Registro de lectura diaria por grupo" },
	{ 0, L_PRI,
	  "Dar atención diferenciada, dos veces por semana, a los alumnos "
	  "que requieren apoyo en cálculo mental",
	  "Reducir a la mitad los alumnos en rojo en cálculo mental",
	  "Listas de asistencia a las sesiones de apoyo y resultados de la "
	  "segunda toma" },
	{ 0, L_PRI | L_SEC,
	  "Aplicar la toma de lectura, escritura y cálculo mental a todos "
	  "los alumnos",
	  "Contar con el diagnóstico completo de cada grupo",
	  "Concentrado de resultados por grupo" },
	{ 0, L_PRI,
	  "Implementar el cuaderno de problemas matemáticos diarios de 3º "
	  "a 6º",
	  "Que todos los alumnos resuelvan un problema diario",
	  "Cuadernos de problemas revisados" },
	{ 0, L_PRE,
	  "Realizar actividades diarias de lenguaje oral, con cuentos y "
	  "rimas, en todos los grupos",
	  "Que los niños narren un cuento con secuencia",
	  "Diario de la educadora y grabaciones de narraciones" },
	{ 0, L_SEC,
	  "Dar tutoría académica a los alumnos con calificación de 5 en "
	  "Matemáticas",
	  "Que ningún alumno repruebe Matemáticas en el siguiente periodo",
	  "Bitácora de tutorías firmada por los alumnos" },
	{ 0, L_PRI,
	  "Aplicar el programa \"Leer para aprender\" en 1º y 2º",
	  "Que los alumnos de 1º lean palabras sencillas al cierre del "
	  "periodo",
	  "Reporte de avance del programa por grupo" },
	{ 1, L_ALL,
	  "Realizar observación entre pares de una clase de matemáticas",
	  "Retroalimentar la práctica de cada docente",
	  "Guías de observación con retroalimentación" },
	{ 1, L_ALL,
	  "Planificar en colectivo las secuencias didácticas del proyecto "
	  "comunitario",
	  "Secuencias didácticas compartidas por grado",
	  "Planeaciones en la carpeta compartida" },
	{ 1, L_ALL,
	  "Registrar en el diario de clase los avances de los alumnos en "
	  "rojo",
	  "Seguimiento semanal de cada alumno en rojo",
	  "Diarios de clase con registros semanales" },
	{ 2, L_ALL,
	  "Tomar el curso de formación continua sobre evaluación formativa",
	  "Que todos los docentes apliquen rúbricas en sus clases",
	  "Constancias del curso" },
	{ 2, L_ALL,
	  "Compartir en el CTE una práctica exitosa de enseñanza de la "
	  "lectura",
	  "Un repertorio de prácticas del colectivo",
	  "Presentación y minuta del CTE" },
	{ 3, L_ALL,
	  "Revisar, por grado, el avance del programa analítico cada mes",
	  "Avance del programa acorde al calendario",
	  "Minutas de revisión mensual" },
	{ 3, L_ALL,
	  "Ajustar la planeación didáctica a los contenidos del programa "
	  "sintético",
	  "Planeaciones alineadas al programa",
	  "Planeaciones ajustadas y revisadas por la dirección" },
	{ 4, L_ALL,
	  "Convocar a reunión con padres de familia para informar, por "
	  "grupo, los resultados de la valoración",
	  "Que el 80 % de las familias conozca los resultados de su hijo",
	  "Acta de la reunión con listas de asistencia" },
	{ 4, L_ALL,
	  "Organizar la feria de lectura, con la participación de las "
	  "familias",
	  "Participación de al menos una familia por alumno",
	  "Fotografías y programa de la feria" },
	{ 4, L_PRE | L_PRI,
	  "Enviar a las familias una guía de apoyo para la lectura en casa",
	  "Lectura en casa al menos tres días por semana",
	  "Acuses de recibo de la guía" },
	{ 5, L_ALL,
	  "Realizar visitas de acompañamiento a los grupos con más alumnos "
	  "en rojo",
	  "Una visita mensual a cada grupo prioritario",
	  "Registros de visita con acuerdos" },
	{ 5, L_ALL,
	  "Dar seguimiento mensual a los indicadores del SisAT en el CTE",
	  "Tablero de indicadores actualizado cada mes",
	  "Tablero del SisAT presentado en el CTE" },
	{ 6, L_ALL,
	  "Gestionar ante el municipio la reparación de los sanitarios",
	  "Sanitarios en funcionamiento",
	  "Oficio de gestión y fotografías de la obra" },
	{ 6, L_ALL,
	  "Habilitar el rincón de lectura en cada aula",
	  "Un rincón de lectura con al menos 30 libros por grupo",
	  "Inventario de libros por aula" },
	{ 7, L_ALL,
	  "Concentrar en un solo formato la entrega de documentos a la "
	  "supervisión",
	  "Menos tiempo del colectivo en trámites",
	  "Formato único entregado" },
	{ 7, L_ALL,
	  "Usar la plataforma de la zona, en lugar de oficios, para los "
	  "reportes mensuales",
	  "Reportes mensuales sin oficios impresos",
	  "Reportes cargados en la plataforma" }
};

/* Who answers for a commitment: a text, or RESP_DIRECTOR ("Directora"
 * or "Director"), or a teacher of the school ("Mtra. " or "Mtro. " and a
 * surname). */
#define RESP_DIRECTOR	NULL
static const char resp_mtra[] = "Mtra.";
static const char resp_mtro[] = "Mtro.";

static const struct {
	int levels;
	const char *who;
} responsables[] = {
	{ L_ALL, RESP_DIRECTOR }, { L_ALL, RESP_DIRECTOR },
	{ L_ALL, "Colectivo docente" }, { L_ALL, "Colectivo docente" },
	{ L_PRI | L_SEC, "Subdirección académica" },
	{ L_ALL, "Comisión de lectura" }, { L_ALL, "Comisión de convivencia" },
	{ L_PRI, "Docentes de 1º y 2º" }, { L_PRI, "Docentes de 5º y 6º" },
	{ L_PRE, "Educadoras de 3º" }, { L_SEC, "Academia de Matemáticas" },
	{ L_SEC, "Academia de Español" }, { L_ALL, resp_mtra },
	{ L_ALL, resp_mtra }, { L_ALL, resp_mtro },
	{ L_PRE | L_PRI, "Personal de USAER" },
	{ L_ALL, "Asociación de padres de familia" }
};

static const char *const notes_no[] = {
	"No se concluyó por falta de materiales",
	"Se suspendieron clases por la contingencia",
	"El colectivo no dio seguimiento",
	"Faltó personal docente durante el periodo"
};

static const char *const notes_cancel[] = {
	"Se cancela por cambio de prioridades del PEMC",
	"Lo atiende la supervisión en el CTZ",
	"Se integra a otro compromiso"
};

static const char *const notes_progress[] = {
	"", "", "Se inició en todos los grupos", "Avance del 50 %",
	"Falta un grupo"
};

/* ------------------------------------------------------ CURP letters */

/* The CURP letters of a name group: initial, vowel (first surname only),
 * internal consonant; members index the name list. */
struct sigtab {
	int nsig;
	char key[128][3];
	int first[128];
	int count[128];
	int member[128];
};

static struct sigtab sig_ap1, sig_ap2, sig_h, sig_m;
static uint64_t space;			/* tuples: the permutation's size */
static uint64_t space_mask;
static int space_shift;

static int
is_vowel(char c)
{
	return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

/*
 * Fold a name to the upper-case ASCII words a CURP is built from: accents
 * dropped, Ü to U, Ñ to X.  Returns the word used: after the particles
 * (DE, LA, ...) and, for a given name, after a leading JOSÉ or MARÍA
 * followed by another name.
 */
static const char *
curp_word(const char *name, int given, char *buf, size_t size)
{
	static const char *const particles[] = {
		"DA", "DAS", "DE", "DEL", "DER", "DI", "DIE", "DD", "EL",
		"LA", "LOS", "LAS", "LE", "LES", "MAC", "MC", "VAN", "VON",
		"Y"
	};
	static const char *const common[] = {
		"JOSE", "J", "J.", "MARIA", "MA", "MA.", "M", "M."
	};
	const unsigned char *p;
	char *words[16];
	size_t n, nw, i, w;
	int skip;

	n = nw = 0;
	for (p = (const unsigned char *)name; *p != '\0' && n + 2 < size;
	    p++) {
		char c = 0;

		if (*p >= 'a' && *p <= 'z')
			c = (char)(*p - 'a' + 'A');
		else if ((*p >= 'A' && *p <= 'Z') || *p == '.')
			c = (char)*p;
		else if (*p == 0xc3 && p[1] != '\0') {
			switch (*++p) {
			case 0x81: case 0xa1: c = 'A'; break;
			case 0x89: case 0xa9: c = 'E'; break;
			case 0x8d: case 0xad: c = 'I'; break;
			case 0x93: case 0xb3: c = 'O'; break;
			case 0x9a: case 0xba: case 0x9c: case 0xbc:
				c = 'U'; break;
			case 0x91: case 0xb1: c = 'X'; break;
			default: break;
			}
		}
		if (c == 0) {
			if (n > 0 && buf[n - 1] != '\0')
				buf[n++] = '\0';
			continue;
		}
		if ((n == 0 || buf[n - 1] == '\0') && nw < NELEM(words))
			words[nw++] = buf + n;
		buf[n++] = c;
	}
	buf[n] = '\0';
	if (nw == 0)
		return buf;

	w = 0;
	if (given && nw > 1)
		for (i = 0; i < NELEM(common); i++)
			if (strcmp(words[0], common[i]) == 0) {
				w = 1;
				break;
			}
	for (; w + 1 < nw; w++) {
		skip = 0;
		for (i = 0; i < NELEM(particles); i++)
			if (strcmp(words[w], particles[i]) == 0)
				skip = 1;
		if (!skip)
			break;
	}
	return words[w];
}

/* The letters a name gives: initial, first internal vowel and first
 * internal consonant (X when there is none). */
static void
curp_letters(const char *word, char *initial, char *vowel, char *cons)
{
	const char *p;

	*initial = word[0] != '\0' ? word[0] : 'X';
	*vowel = *cons = 'X';
	for (p = word + 1; *p != '\0'; p++)
		if (is_vowel(*p)) {
			*vowel = *p;
			break;
		}
	for (p = word + 1; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z' && !is_vowel(*p)) {
			*cons = *p;
			break;
		}
}

static void
sig_build(struct sigtab *t, const char *const *list, size_t n, int given,
    int with_vowel)
{
	char buf[128], key[128][3], k[3];
	int sig[128], next[128];
	size_t i;
	int j;

	t->nsig = 0;
	for (i = 0; i < n; i++) {
		curp_letters(curp_word(list[i], given, buf, sizeof buf),
		    &k[0], &k[1], &k[2]);
		if (!with_vowel)
			k[1] = 0;
		for (j = 0; j < t->nsig; j++)
			if (memcmp(key[j], k, 3) == 0)
				break;
		if (j == t->nsig) {
			memcpy(key[j], k, 3);
			t->count[j] = 0;
			t->nsig++;
		}
		sig[i] = j;
		t->count[j]++;
	}
	for (j = 0; j < t->nsig; j++) {
		memcpy(t->key[j], key[j], 3);
		t->first[j] = j == 0 ? 0 : t->first[j - 1] + t->count[j - 1];
		next[j] = t->first[j];
	}
	for (i = 0; i < n; i++)
		t->member[next[sig[i]]++] = (int)i;
}

/* The permutation of [0, space): a bijection on space_mask + 1 values
 * (xor, odd multiply, xorshift), cycle-walked into the range. */
static uint64_t perm_key[4], perm_mul[4];

static void
perm_init(void)
{
	struct rng r;
	int i;

	space = (uint64_t)sig_ap1.nsig * (uint64_t)(sig_ap2.nsig + 1) *
	    (uint64_t)(sig_h.nsig + sig_m.nsig) * 365;
	for (i = 1; ((uint64_t)1 << i) < space; i++)
		;
	if (space < (uint64_t)MAXSTUDENTS)	/* the lists are too short */
		gen_die(SATE_EXIT_IO, "internal error: %llu CURP tuples",
		    (unsigned long long)space);
	space_mask = ((uint64_t)1 << i) - 1;
	space_shift = i / 2 + 1;
	rseed(&r, D_PERM, 0, 0);
	for (i = 0; i < 4; i++) {
		perm_key[i] = rnext(&r) & space_mask;
		perm_mul[i] = (rnext(&r) | 1) & space_mask;
	}
}

static uint64_t
permute(uint64_t x)
{
	int i;

	do {
		for (i = 0; i < 4; i++) {
			x ^= perm_key[i];
			x = (x * perm_mul[i]) & space_mask;
			x ^= x >> space_shift;
		}
	} while (x >= space);
	return x;
}

static int
bad_word_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 4);
}

/* ----------------------------------------------------------------- dates */

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 Sunday ... 6 Saturday. */
static int
weekday(long z)
{
	return (int)(((z % 7) + 11) % 7);
}

/* The day itself if a weekday, else the Friday before (dir < 0) or the
 * Monday after (dir > 0). */
static long
school_day(long z, int dir)
{
	while (weekday(z) == 0 || weekday(z) == 6)
		z += dir < 0 ? -1 : 1;
	return z;
}

static long
last_friday(int y, int m)
{
	long z;

	z = m == 12 ? days_from_civil(y + 1, 1, 1) :
	    days_from_civil(y, m + 1, 1);
	z--;
	while (weekday(z) != 5)
		z--;
	return z;
}

/* --------------------------------------------------------------- output */

struct out {
	FILE *fp;
	char *path;		/* NULL for stdout */
	char *buf;
	size_t len;
	int nf;			/* fields in the current record */
};

static char delim = ',';
static int crlf, latin1;

static void
out_error(const struct out *o, int e)
{
	if (e == EPIPE)
		exit(SATE_EXIT_IO);
	if (o->path != NULL)
		gen_die(SATE_EXIT_IO, "write error: %s: %s", o->path,
		    strerror(e));
	gen_die(SATE_EXIT_IO, "write error: %s", strerror(e));
}

static void
out_flush(struct out *o)
{
	errno = 0;
	if (o->len > 0 && fwrite(o->buf, 1, o->len, o->fp) != o->len)
		out_error(o, errno ? errno : EIO);
	o->len = 0;
}

static void
out_open(struct out *o, const char *path)
{
	memset(o, 0, sizeof *o);
	if (path == NULL)
		o->fp = stdout;
	else {
		o->path = strdup(path);
		if (o->path == NULL)
			gen_die(SATE_EXIT_IO, "out of memory");
		if ((o->fp = fopen(path, "w")) == NULL)
			gen_die(SATE_EXIT_IO, "cannot open %s: %s", path,
			    strerror(errno));
	}
	o->buf = gen_alloc(OUTBUF);
	if ((opt_mess & MESS_BOM) && !latin1) {
		memcpy(o->buf, "\xef\xbb\xbf", 3);
		o->len = 3;
	}
}

static void
out_close(struct out *o)
{
	out_flush(o);
	errno = 0;
	if (fflush(o->fp) != 0 || ferror(o->fp))
		out_error(o, errno ? errno : EIO);
	if (fclose(o->fp) != 0)
		out_error(o, errno ? errno : EIO);
	free(o->buf);
	free(o->path);
	o->buf = NULL;
	o->path = NULL;
}

static void
out_sep(struct out *o)
{
	if (o->len > OUTBUF - OUTSLACK)
		out_flush(o);
	if (o->nf++ > 0)
		o->buf[o->len++] = delim;
}

/* A field known to need neither quotes nor conversion (ASCII, short). */
static void
out_raw(struct out *o, const char *s, size_t n)
{
	out_sep(o);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void
out_str(struct out *o, const char *s)
{
	out_raw(o, s, strlen(s));
}

static void
out_num(struct out *o, unsigned long v)
{
	char tmp[24];
	size_t n = sizeof tmp;

	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	out_raw(o, tmp + n, sizeof tmp - n);
}

/* Any text: quoted when it holds the delimiter, a quote, CR or LF, or
 * starts or ends with a space; converted to ISO-8859-1 with latin1. */
static void
out_text(struct out *o, const char *s)
{
	const unsigned char *p;
	size_t n = strlen(s);
	int q;

	if (n > OUTSLACK / 2 - 4)
		n = OUTSLACK / 2 - 4;	/* no text of ours is that long */
	q = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
	for (p = (const unsigned char *)s; !q && *p != '\0'; p++)
		if (*p == (unsigned char)delim || *p == '"' || *p == '\r' ||
		    *p == '\n')
			q = 1;
	out_sep(o);
	if (q)
		o->buf[o->len++] = '"';
	for (p = (const unsigned char *)s; p < (const unsigned char *)s + n;
	    p++) {
		if (*p == '"')
			o->buf[o->len++] = '"';
		if (latin1 && *p >= 0xc0) {
			/* Our texts hold only U+0080..U+00FF beyond ASCII. */
			if ((*p == 0xc2 || *p == 0xc3) &&
			    (p[1] & 0xc0) == 0x80) {
				o->buf[o->len++] =
				    (char)(((*p & 0x03) << 6) | (p[1] & 0x3f));
				p++;
			} else {
				o->buf[o->len++] = '?';
				while ((p[1] & 0xc0) == 0x80)
					p++;
			}
			continue;
		}
		o->buf[o->len++] = (char)*p;
	}
	if (q)
		o->buf[o->len++] = '"';
}

static void
out_end(struct out *o)
{
	if (crlf)
		o->buf[o->len++] = '\r';
	o->buf[o->len++] = '\n';
	o->nf = 0;
}

/* Header aliases of real exports (domain.md, section 4). */
static const struct {
	const char *name;
	const char *alias;
} aliases[] = {
	{ "cct", "CV_CCT" }, { "escuela", "NOMBRECT" },
	{ "zona", "ZONAESCOLA" },
	{ "curp", "CURP" }, { "nombre", "AluNombre" },
	{ "primer_apellido", "AluApePat" }, { "segundo_apellido", "AluApeMat" },
	{ "sexo", "AluSexo" }, { "grado", "Grado" }, { "grupo", "Grupo" },
	{ "turno", "Desc_Turno" }, { "estatus", "Estatus" },
	{ "ciclo", "Ciclo_Escolar" }
};

static void
out_header(struct out *o, const char *const *cols, size_t n)
{
	char up[64];
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!(opt_mess & MESS_ALIASES)) {
			out_str(o, cols[i]);
			continue;
		}
		for (j = 0; j < NELEM(aliases); j++)
			if (strcmp(cols[i], aliases[j].name) == 0)
				break;
		if (j < NELEM(aliases)) {
			out_str(o, aliases[j].alias);
			continue;
		}
		for (j = 0; cols[i][j] != '\0' && j + 1 < sizeof up; j++)
			up[j] = (char)(cols[i][j] >= 'a' && cols[i][j] <= 'z' ?
			    cols[i][j] - 'a' + 'A' : cols[i][j]);
		up[j] = '\0';
		out_str(o, up);
	}
	out_end(o);
}

/* --------------------------------------------------------------- schools */

struct school {
	char cct[11];
	char zona[12];
	char sector[12];
	uint8_t level;
	uint8_t turno;		/* 0 matutino, 1 vespertino */
	uint8_t gmax;		/* grades 1..gmax */
	uint8_t ngrp[MAXGRADES];
	uint8_t director_f;	/* the director is a woman */
	uint16_t name;
	uint16_t place;
	uint16_t localidad;
	uint32_t id;		/* creation order: the school's streams */
	uint32_t wsum;		/* sum of the group weights */
	uint32_t nstud;
	uint64_t start;		/* global index of the first student */
};

static struct school *schools;
static size_t nschools;
static uint64_t nstudents;

static const char *const level_name[] = { "preescolar", "primaria",
    "secundaria" };

/* The age a grade is attended at (turned by 31 December of the start
 * year). */
static int
grade_age(int level, int grade)
{
	return (level == LVL_PRE ? 3 : level == LVL_PRI ? 6 : 12) + grade - 1;
}

/* The weight (natural size) of group k of grade g. */
static unsigned
group_weight(const struct school *s, int g, int k)
{
	struct rng r;

	rseed(&r, D_GROUPS, s->id, (uint64_t)(g * 32 + k));
	switch (s->level) {
	case LVL_PRE:
		return (unsigned)rrange(&r, 18, 27);
	case LVL_PRI:
		return (unsigned)rrange(&r, 20, 32);
	default:
		return (unsigned)rrange(&r, 24, 36);
	}
}

/* Students of each group of a school: sizes[g - 1][k]. */
static void
school_groups(const struct school *s, uint32_t sizes[][MAXGROUPS])
{
	uint64_t cum, prev, next;
	int g, k;

	cum = 0;
	prev = 0;
	for (g = 1; g <= s->gmax; g++)
		for (k = 0; k < s->ngrp[g - 1]; k++) {
			cum += group_weight(s, g, k);
			next = s->wsum ? (uint64_t)s->nstud * cum / s->wsum : 0;
			sizes[g - 1][k] = (uint32_t)(next - prev);
			prev = next;
		}
}

static int
school_cmp(const void *a, const void *b)
{
	return strcmp(((const struct school *)a)->cct,
	    ((const struct school *)b)->cct);
}

/*
 * Build the zone: schools in zones of about 10 with the level mix
 * 3 preescolar, 5 primaria, 2 secundaria; unique CCTs, sorted.  students
 * 0: the natural sizes of the groups.
 */
static void
make_schools(size_t n, uint64_t students)
{
	static const uint8_t mix[10] = { LVL_PRI, LVL_PRE, LVL_PRI, LVL_SEC,
	    LVL_PRI, LVL_PRE, LVL_PRI, LVL_PRI, LVL_SEC, LVL_PRE };
	static const int entity_order[32] = { 15, 9, 1, 2, 3, 4, 5, 6, 7,
	    8, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
	    26, 27, 28, 29, 30, 31, 32 };
	static const char *const service[4] = { "JN", "PR", "ES", "ST" };
	uint8_t (*used)[8][10000 / 8 + 1];
	uint32_t count[32][8];
	struct rng zr, r;
	size_t i, zsize;
	uint64_t wtot, cum, prev, next, target;
	int zbase, sbase, zone_sost = 0, zone_place = 0, e, b, num, g;
	int svc, sost, per_grade, ng;
	char cct9[32];	/* 9 used: room for what gcc cannot rule out */

	schools = gen_alloc(n * sizeof *schools);
	used = gen_alloc(32 * sizeof *used);
	memset(count, 0, sizeof count);
	zsize = n <= 12 ? n : 10;
	rseed(&zr, D_ZONE, 0, 0);
	zbase = rrange(&zr, 1, 120);
	sbase = rrange(&zr, 1, 20);
	target = students > 0 ? students / n : 0;

	for (i = 0; i < n; i++) {
		struct school *s = &schools[i];
		size_t z = i / zsize;

		if (i % zsize == 0) {
			rseed(&zr, D_ZONE, z + 1, 0);
			zone_sost = rchance(&zr, 600) ? 'E' : 'D';
			zone_place = (int)rbelow(&zr, NELEM(places));
		}
		rseed(&r, D_SCHOOL, i, 0);
		s->id = (uint32_t)i;
		s->level = mix[(i % zsize) % 10];
		s->gmax = s->level == LVL_PRI ? 6 : 3;
		snprintf(s->zona, sizeof s->zona, "%03d",
		    (int)((zbase - 1 + (long)(z % 999)) % 999 + 1));
		snprintf(s->sector, sizeof s->sector, "%02d",
		    (int)((sbase - 1 + (long)(z / 8 % 99)) % 99 + 1));
		s->turno = rchance(&r, 250) ? 1 : 0;
		s->director_f = (uint8_t)rchance(&r,
		    s->level == LVL_PRE ? 900 : 550);
		s->name = (uint16_t)(s->level == LVL_PRE ?
		    rbelow(&r, NELEM(pre_names)) :
		    rbelow(&r, NELEM(school_names)));
		s->place = (uint16_t)zone_place;
		s->localidad = (uint16_t)rbelow(&r, 6);
		sost = zone_sost;
		svc = s->level == LVL_PRE ? 0 : s->level == LVL_PRI ? 1 :
		    rchance(&r, 600) ? 2 : 3;

		/* Bucket: entity, sostenimiento, service; at most 9500 CCTs
		 * in one, then the next entity. */
		b = (sost == 'E' ? 0 : 4) + svc;
		for (e = 0; e < 32 && count[e][b] >= 9500; e++)
			;
		if (e == 32)
			gen_die(SATE_EXIT_USAGE, "too many schools");
		num = rrange(&r, 1, 9999);
		while (used[e][b][num / 8] & (1 << (num % 8)))
			num = num % 9999 + 1;
		used[e][b][num / 8] |= (uint8_t)(1 << (num % 8));
		count[e][b]++;
		snprintf(cct9, sizeof cct9, "%02d%c%s%04d", entity_order[e],
		    sost, service[svc], num);
		memcpy(s->cct, cct9, 9);
		s->cct[9] = cct_check_letter(cct9);
		s->cct[10] = '\0';

		/* Groups per grade: 2 or 3, or what the students ask. */
		per_grade = 0;
		if (target > 0) {
			per_grade = (int)((target + (uint64_t)s->gmax * 14) /
			    ((uint64_t)s->gmax * 28));
			if (per_grade < 1)
				per_grade = 1;
		}
		s->wsum = 0;
		for (g = 1; g <= s->gmax; g++) {
			if (per_grade == 0)
				ng = rchance(&r, 500) ? 3 : 2;
			else
				ng = per_grade + (per_grade > 1 ?
				    rrange(&r, -1, 1) : 0);
			if (ng < 1)
				ng = 1;
			if (ng > MAXGROUPS)
				ng = MAXGROUPS;
			s->ngrp[g - 1] = (uint8_t)ng;
		}
	}
	free(used);
	qsort(schools, n, sizeof *schools, school_cmp);

	/* Students per school, then the global index of each school's
	 * first student. */
	wtot = 0;
	for (i = 0; i < n; i++) {
		struct school *s = &schools[i];
		int k;

		for (g = 1; g <= s->gmax; g++)
			for (k = 0; k < s->ngrp[g - 1]; k++)
				s->wsum += group_weight(s, g, k);
		wtot += s->wsum;
	}
	if (students == 0)
		students = wtot;
	cum = prev = 0;
	for (i = 0; i < n; i++) {
		cum += schools[i].wsum;
		next = students * cum / wtot;
		schools[i].nstud = (uint32_t)(next - prev);
		schools[i].start = prev;
		prev = next;
	}
	nschools = n;
	nstudents = students;
}

/* -------------------------------------------------------------- students */

struct student {
	uint64_t n;		/* global index */
	char curp[19];
	char birth[11];		/* YYYY-MM-DD */
	char sexo;
	uint8_t estatus;
	uint8_t from_period;	/* alta: first period with a row */
	uint8_t until_period;	/* baja: last period with a row */
	uint16_t ability;	/* 0..999 */
	uint16_t engage;	/* 0..999 */
	int16_t ap1, ap2, nom;	/* list indices; ap2 -1: none */
	uint8_t nom_m;		/* nom in names_m */
};

/* A student's special roles, set up once. */
static uint64_t dup_n = UINT64_MAX;	/* the student enrolled twice */
static size_t dup_school = SIZE_MAX;	/* ... in this second school */
static int dup_grade;
static uint64_t typo_n = UINT64_MAX;	/* the row with a CCT typo */

/*
 * Build student n, attending a grade at the age given: the CURP letters
 * and the day of birth from the permutation, everything else from the
 * student's own stream (always the same draws in the same order, so one
 * attribute never shifts another).
 */
static void
make_student(struct student *st, uint64_t n, int age)
{
	const struct sigtab *gt;
	struct rng r;
	uint64_t t;
	unsigned i1, i2, i3, day, pm, x;
	int by, bm, bd, m_sig, bad;
	size_t i;
	char *c = st->curp;
	long z;

	st->n = n;
	t = permute(n);
	day = (unsigned)(t % 365);
	t /= 365;
	i3 = (unsigned)(t % (uint64_t)(sig_h.nsig + sig_m.nsig));
	t /= (uint64_t)(sig_h.nsig + sig_m.nsig);
	i2 = (unsigned)(t % (uint64_t)(sig_ap2.nsig + 1));
	i1 = (unsigned)(t / (uint64_t)(sig_ap2.nsig + 1));

	rseed(&r, D_STUDENT, n, 0);
	by = ciclo_year - age - (rchance(&r, 30) ? 1 : 0);
	pm = rbelow(&r, 1000);
	memcpy(c + 11, "MC", 2);
	for (i = 0; i < NELEM(other_states); i++) {
		if (pm < other_states[i].pm) {
			memcpy(c + 11, other_states[i].code, 2);
			break;
		}
		pm -= other_states[i].pm;
	}
	m_sig = i3 >= (unsigned)sig_h.nsig;
	st->sexo = m_sig ? 'M' : 'H';
	if (rchance(&r, 6) && !m_sig)
		st->sexo = 'X';
	x = rbelow(&r, 1000);		/* homonymy B, 1 % */
	bad = (opt_mess & MESS_BADCURP) && rchance(&r, 5) ? 1 : 0;
	if (bad && rchance(&r, 500))
		bad = 2;		/* impossible date, if it can be */
	st->ability = (uint16_t)((rbelow(&r, 1000) + rbelow(&r, 1000)) / 2);
	st->engage = (uint16_t)rbelow(&r, 1000);
	pm = rbelow(&r, 1000);
	st->estatus = pm < 50 ? ST_ALTA : pm < 70 ? ST_BAJA : ST_ACTIVO;
	st->from_period = 1;
	st->until_period = MAXPERIODS;
	if (st->estatus == ST_ALTA)
		st->from_period = (uint8_t)rrange(&r, 1, (int)opt_periods);
	else
		(void)rbelow(&r, 1);
	if (st->estatus == ST_BAJA)
		st->until_period = (uint8_t)rrange(&r, 0,
		    (int)opt_periods - 1);
	else
		(void)rbelow(&r, 1);
	if (n == dup_n) {
		st->estatus = ST_ACTIVO;
		st->from_period = 1;
		st->until_period = MAXPERIODS;
	}

	/* Names: a member of each group. */
	st->ap1 = (int16_t)sig_ap1.member[sig_ap1.first[i1] +
	    (int)rbelow(&r, (unsigned)sig_ap1.count[i1])];
	if (i2 < (unsigned)sig_ap2.nsig)
		st->ap2 = (int16_t)sig_ap2.member[sig_ap2.first[i2] +
		    (int)rbelow(&r, (unsigned)sig_ap2.count[i2])];
	else {
		st->ap2 = -1;
		(void)rbelow(&r, 1);
	}
	gt = m_sig ? &sig_m : &sig_h;
	if (m_sig)
		i3 -= (unsigned)sig_h.nsig;
	st->nom = (int16_t)gt->member[gt->first[i3] +
	    (int)rbelow(&r, (unsigned)gt->count[i3])];
	st->nom_m = (uint8_t)m_sig;

	/* Birth date: day of the year, Dec 31 never. */
	z = days_from_civil(by, 1, 1) + (long)day;
	civil_from_days(z, &by, &bm, &bd);
	snprintf(st->birth, sizeof st->birth, "%04d-%02d-%02d", by, bm, bd);

	c[0] = sig_ap1.key[i1][0];
	c[1] = sig_ap1.key[i1][1];
	c[2] = i2 < (unsigned)sig_ap2.nsig ? sig_ap2.key[i2][0] : 'X';
	c[3] = gt->key[i3][0];
	if (bsearch(c, bad_words, NELEM(bad_words), sizeof bad_words[0],
	    bad_word_cmp) != NULL)
		c[1] = 'X';
	if (bad == 2 && (bm == 4 || bm == 6 || bm == 9 || bm == 11))
		bd = 31;
	else if (bad == 2 && bm == 2)
		bd = 30;
	else if (bad == 2)
		bad = 1;
	c[4] = (char)('0' + by / 10 % 10);
	c[5] = (char)('0' + by % 10);
	c[6] = (char)('0' + bm / 10);
	c[7] = (char)('0' + bm % 10);
	c[8] = (char)('0' + bd / 10);
	c[9] = (char)('0' + bd % 10);
	c[10] = st->sexo;
	c[13] = sig_ap1.key[i1][2];
	c[14] = i2 < (unsigned)sig_ap2.nsig ? sig_ap2.key[i2][2] : 'X';
	c[15] = gt->key[i3][2];
	c[16] = (char)((by < 2000 ? '0' : 'A') + (x < 10));
	c[17] = (char)curp_check_digit(c);
	if (bad == 1)
		c[17] = (char)('0' + (c[17] - '0' + 1 + (int)(x % 9)) % 10);
	c[18] = '\0';
}

static int
student_cmp(const void *a, const void *b)
{
	const struct student *x = a, *y = b;
	int d;

	if ((d = memcmp(x->curp, y->curp, 18)) != 0)
		return d;
	return x->n < y->n ? -1 : x->n > y->n;
}

/* The students of one group, sorted by CURP: grown as needed. */
static struct student *grp;
static size_t grpcap;

static size_t
make_group(const struct school *s, size_t si, int g, int k, uint64_t first,
    uint32_t size)
{
	size_t n, i;
	int age = grade_age(s->level, g);

	n = size + (si == dup_school && g == dup_grade && k == 0);
	if (n > grpcap) {
		free(grp);
		grpcap = n + 64;
		grp = gen_alloc(grpcap * sizeof *grp);
	}
	for (i = 0; i < size; i++)
		make_student(&grp[i], first + i, age);
	if (n > size)
		make_student(&grp[size], dup_n, age);
	qsort(grp, n, sizeof *grp, student_cmp);
	return n;
}

/* Choose the student enrolled twice and the row with the CCT typo. */
static void
pick_specials(void)
{
	uint32_t sizes[MAXGRADES][MAXGROUPS];
	size_t i, j;

	if ((opt_mess & MESS_CCTTYPO) && nstudents > 0)
		typo_n = nstudents / 2;
	if (!(opt_mess & MESS_DUP))
		return;
	for (i = 0; i < nschools; i++) {
		if (schools[i].nstud == 0)
			continue;
		school_groups(&schools[i], sizes);
		if (sizes[0][0] == 0)
			continue;
		for (j = 0; j < nschools; j++)
			if (j != i && schools[j].level == schools[i].level)
				break;
		if (j == nschools)
			continue;
		dup_n = schools[i].start;	/* grade 1, group A */
		dup_school = j;
		dup_grade = 1;
		return;
	}
}

/* ------------------------------------------------------------ escuelas */

static const char *const cols_escuelas[] = {
	"cct", "escuela", "nivel", "turno", "zona", "sector", "director",
	"localidad", "municipio"
};

static void
gen_escuelas(struct out *o)
{
	static const char *const titles[2][3] = {
		{ "Profr.", "Mtro.", "Lic." }, { "Profra.", "Mtra.", "Lic." }
	};
	char buf[160];
	struct rng r;
	size_t i;
	int f, ap2;

	out_header(o, cols_escuelas, NELEM(cols_escuelas));
	for (i = 0; i < nschools; i++) {
		const struct school *s = &schools[i];

		rseed(&r, D_SCHOOL, s->id, 1);
		f = s->director_f;
		ap2 = (int)rbelow(&r, NELEM(surnames));
		snprintf(buf, sizeof buf, "%s %s %s %s",
		    titles[f][rbelow(&r, 3)],
		    f ? names_m[rbelow(&r, NELEM(names_m))] :
		    names_h[rbelow(&r, NELEM(names_h))],
		    surnames[rbelow(&r, NELEM(surnames))], surnames[ap2]);
		out_str(o, s->cct);
		out_text(o, s->level == LVL_PRE ? pre_names[s->name] :
		    school_names[s->name]);
		out_str(o, level_name[s->level]);
		out_str(o, s->turno ? "vespertino" : "matutino");
		out_str(o, s->zona);
		out_str(o, s->sector);
		out_text(o, buf);
		out_text(o, places[s->place].localidades[s->localidad]);
		out_text(o, places[s->place].municipio);
		out_end(o);
	}
}

/* ------------------------------------------------------------- alumnos */

static const char *const cols_alumnos[] = {
	"ciclo", "cct", "turno", "grado", "grupo", "curp", "primer_apellido",
	"segundo_apellido", "nombre", "sexo", "fecha_nacimiento", "estatus"
};

static char ciclo_str[16];

static void
set_ciclo(int cycle)
{
	snprintf(ciclo_str, sizeof ciclo_str, "%d-%d", ciclo_year + cycle,
	    ciclo_year + cycle + 1);
}

/* The CCT written in a row: with the typo for the chosen student. */
static const char *
row_cct(const struct school *s, uint64_t n, char *buf)
{
	if (n != typo_n)
		return s->cct;
	memcpy(buf, s->cct, 11);
	buf[9] = (char)(buf[9] == 'Z' ? 'A' : buf[9] + 1);
	return buf;
}

static void
gen_alumnos(struct out *o)
{
	static const char *const estatus[] = { "activo", "alta", "baja" };
	uint32_t sizes[MAXGRADES][MAXGROUPS];
	char sx[2] = { 0, 0 }, gl[2] = { 0, 0 }, cctbuf[11];
	size_t si, i, n;
	uint64_t first;
	int g, k;

	set_ciclo(0);
	out_header(o, cols_alumnos, NELEM(cols_alumnos));
	for (si = 0; si < nschools; si++) {
		const struct school *s = &schools[si];

		school_groups(s, sizes);
		first = s->start;
		for (g = 1; g <= s->gmax; g++)
			for (k = 0; k < s->ngrp[g - 1]; k++) {
				n = make_group(s, si, g, k, first,
				    sizes[g - 1][k]);
				first += sizes[g - 1][k];
				gl[0] = (char)('A' + k);
				for (i = 0; i < n; i++) {
					const struct student *st = &grp[i];

					out_str(o, ciclo_str);
					out_str(o, row_cct(s, st->n, cctbuf));
					out_str(o, s->turno ? "vespertino" :
					    "matutino");
					out_num(o, (unsigned long)g);
					out_str(o, gl);
					out_str(o, st->curp);
					out_text(o, surnames[st->ap1]);
					out_text(o, st->ap2 < 0 ? "" :
					    surnames[st->ap2]);
					out_text(o, st->nom_m ?
					    names_m[st->nom] :
					    names_h[st->nom]);
					sx[0] = st->sexo;
					out_str(o, sx);
					out_str(o, st->birth);
					out_str(o, estatus[st->estatus]);
					out_end(o);
				}
			}
	}
}

/* --------------------------------------------------------- evaluaciones */

static const char *const level_str[] = { "requiere_apoyo", "en_desarrollo",
    "esperado" };

/* School days of a period: about 185 a year, the same for everyone. */
static int
period_days(int cycle, int p)
{
	struct rng r;
	int base = 185 / (int)opt_periods;

	rseed(&r, D_DAYS, (uint64_t)cycle, (uint64_t)p);
	return base + rrange(&r, -(base / 20 + 1), base / 20 + 1);
}

static int
clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A level from a score around 0..999. */
static int
score_level(int s)
{
	return s < 300 ? LV_REQ : s < 620 ? LV_DES : LV_ESP;
}

/* A grade 5-10 (6-10 in 1st and 2nd of primaria) from a score. */
static int
score_grade(int s, int low6)
{
	s = clamp(s, 0, 999);
	return low6 ? 6 + s * 5 / 1000 : 5 + s * 6 / 1000;
}

struct evalrow {
	int lectura, escritura, calculo;	/* levels, -1 empty */
	int lc[6];				/* raw lectura criteria */
	int cr[10];				/* raw calculo: 0, 1 I, 2 IV */
	int faltas;
	int esp, mat;				/* grades, 0 empty */
	int noinv;
	int incidente;
};

/* One student's results in period p of a cycle, at a school. */
static void
make_eval(const struct student *st, const struct school *s, int g,
    int cycle, int p, int dias, struct evalrow *e)
{
	struct rng r;
	int a, q, sl, sw, sc, total, k, i, hi, low, pen;

	/* Ability drifts, mostly up. */
	a = st->ability + cycle * 40;
	for (q = 2; q <= p; q++) {
		rseed(&r, D_DRIFT, st->n, (uint64_t)(cycle * 8 + q));
		a += rrange(&r, -20, 70);
	}
	rseed(&r, D_EVAL, st->n, ((uint64_t)cycle << 40) |
	    ((uint64_t)s->id << 8) | (uint64_t)p);

	pen = 0;
	if (s->level == LVL_PRI && g == 1)
		pen = p == 1 ? 180 : p == 2 ? 90 : 0;
	sl = a - pen + rrange(&r, -120, 120);
	sw = a - pen - 30 + rrange(&r, -120, 120);
	sc = a + rrange(&r, -140, 140);
	e->lectura = score_level(sl);
	e->escritura = score_level(sw);
	e->calculo = s->level == LVL_PRI ? score_level(sc) : -1;

	/* Raw lectura: 6 criteria 1-3 whose total gives the level. */
	if (e->lectura == LV_REQ)
		total = 6 + clamp(sl, 0, 299) * 4 / 300;
	else if (e->lectura == LV_DES)
		total = 10 + (sl - 300) * 5 / 320;
	else
		total = 15 + clamp(sl - 620, 0, 379) * 4 / 380;
	for (i = 0; i < 6; i++)
		e->lc[i] = 1;
	for (k = total - 6; k > 0; k--) {
		do
			i = (int)rbelow(&r, 6);
		while (e->lc[i] == 3);
		e->lc[i]++;
	}

	/* Raw calculo: items right (I or IV) and wrong (0). */
	if (e->calculo == LV_REQ)
		total = clamp(sc, 0, 299) * 5 / 300;
	else if (e->calculo == LV_DES)
		total = 5 + (sc - 300) * 3 / 320;
	else
		total = 8 + clamp(sc - 620, 0, 379) * 3 / 380;
	for (i = 0; i < 10; i++)
		e->cr[i] = 0;
	for (k = total; k > 0; k--) {
		do
			i = (int)rbelow(&r, 10);
		while (e->cr[i] != 0);
		e->cr[i] = rchance(&r, 700) ? 1 : 2;
	}

	/* Absences: mostly few; many for the disengaged. */
	if (rchance(&r, st->engage < 150 ? 550 : 45)) {
		hi = dias / 10 + 1 + (int)rbelow(&r, (unsigned)(dias / 4 + 1));
		if (rchance(&r, 30))
			hi = dias / 2 + (int)rbelow(&r,
			    (unsigned)(dias - dias / 2 + 1));
		e->faltas = clamp(hi, 0, dias);
	} else {
		static const unsigned cdf[] = { 350, 600, 750, 850, 930 };

		low = (dias - 1) / 10;
		k = (int)rbelow(&r, 1000);
		for (i = 0; i < 5 && (unsigned)k >= cdf[i]; i++)
			;
		e->faltas = i < low ? i : low;
	}

	/* Grades: primaria 1-2 6-10, else 5-10, none in preescolar. */
	if (s->level == LVL_PRE)
		e->esp = e->mat = 0;
	else {
		low = s->level == LVL_PRI && g <= 2;
		q = (st->engage - 500) / 6 - e->faltas * 8;
		e->esp = score_grade(sl + q + 60 + rrange(&r, -100, 100), low);
		e->mat = score_grade(sc + q + 40 + rrange(&r, -100, 100), low);
	}
	e->noinv = rchance(&r, st->engage < 200 ? 400 : 30);
	e->incidente = rchance(&r, st->engage < 200 ? 80 : 20);
}

static void
eval_header(struct out *o)
{
	static const char *const cols1[] = {
		"ciclo", "periodo", "cct", "grado", "grupo", "curp"
	};
	static const char *const cols2[] = {
		"faltas", "dias_lectivos", "calif_espanol",
		"calif_matematicas", "participacion", "convivencia"
	};
	const char *cols[32];
	char name[6][16], rname[10][16];
	size_t n, i;

	n = 0;
	for (i = 0; i < NELEM(cols1); i++)
		cols[n++] = cols1[i];
	if (opt_raw) {
		for (i = 0; i < 6; i++) {
			snprintf(name[i], sizeof name[i], "lectura_c%zu",
			    i + 1);
			cols[n++] = name[i];
		}
		cols[n++] = "escritura";
		for (i = 0; i < 10; i++) {
			snprintf(rname[i], sizeof rname[i], "calculo_r%zu",
			    i + 1);
			cols[n++] = rname[i];
		}
	} else {
		cols[n++] = "lectura";
		cols[n++] = "escritura";
		cols[n++] = "calculo";
	}
	for (i = 0; i < NELEM(cols2); i++)
		cols[n++] = cols2[i];
	out_header(o, cols, n);
}

static void
eval_row(struct out *o, const struct student *st, const struct school *s,
    int g, int k, int p, int dias, const struct evalrow *e, int typo)
{
	static const char *const codes[] = { "0", "I", "IV" };
	char gl[2] = { (char)('A' + k), 0 }, cctbuf[11];
	int i;

	out_str(o, ciclo_str);
	out_num(o, (unsigned long)p);
	out_str(o, typo ? row_cct(s, st->n, cctbuf) : s->cct);
	out_num(o, (unsigned long)g);
	out_raw(o, gl, 1);
	out_raw(o, st->curp, 18);
	if (opt_raw) {
		for (i = 0; i < 6; i++)
			out_num(o, (unsigned long)e->lc[i]);
		out_str(o, level_str[e->escritura]);
		for (i = 0; i < 10; i++)
			out_str(o, e->calculo < 0 ? "" : codes[e->cr[i]]);
	} else {
		out_str(o, level_str[e->lectura]);
		out_str(o, level_str[e->escritura]);
		out_str(o, e->calculo < 0 ? "" : level_str[e->calculo]);
	}
	out_num(o, (unsigned long)e->faltas);
	out_num(o, (unsigned long)dias);
	if (e->esp > 0) {
		out_num(o, (unsigned long)e->esp);
		out_num(o, (unsigned long)e->mat);
	} else {
		out_raw(o, "", 0);
		out_raw(o, "", 0);
	}
	out_str(o, e->noinv ? "no se involucra" : "se involucra");
	out_str(o, e->incidente ? "incidente" : "");
	out_end(o);
}

/* Where the evaluaciones stream stands. */
struct evalstate {
	struct out *o;		/* all rows */
	struct out *po;		/* this period's rows, or NULL */
	uint64_t rows;
	uint64_t limit;
	int typo_done;
};

/* One school's rows of period p. */
static void
eval_school(struct evalstate *es, size_t si, int cycle, int p, int dias)
{
	uint32_t sizes[MAXGRADES][MAXGROUPS];
	const struct school *s = &schools[si];
	const struct student *st;
	struct evalrow e;
	uint64_t first;
	size_t i, n;
	int g, k, typo;

	school_groups(s, sizes);
	first = s->start;
	for (g = 1; g <= s->gmax; g++)
		for (k = 0; k < s->ngrp[g - 1]; k++) {
			n = make_group(s, si, g, k, first, sizes[g - 1][k]);
			first += sizes[g - 1][k];
			for (i = 0; i < n && es->rows < es->limit; i++) {
				st = &grp[i];
				if (p < st->from_period ||
				    p > st->until_period)
					continue;
				typo = 0;
				if (st->n == typo_n && !es->typo_done)
					typo = es->typo_done = 1;
				make_eval(st, s, g, cycle, p, dias, &e);
				eval_row(es->o, st, s, g, k, p, dias, &e,
				    typo);
				if (es->po != NULL)
					eval_row(es->po, st, s, g, k, p, dias,
					    &e, typo);
				es->rows++;
			}
		}
}

/*
 * Every period of every school, group by group; with --rows, exactly
 * that many rows, going on into the following school years if the zone
 * runs out.  per[p - 1], when not NULL, gets period p's rows too.
 */
static void
gen_evaluaciones(struct out *o, struct out *per)
{
	struct evalstate es;
	uint64_t before;
	size_t si;
	int cycle, p, dias;

	eval_header(o);
	if (per != NULL)
		for (p = 1; p <= opt_periods; p++)
			eval_header(&per[p - 1]);
	memset(&es, 0, sizeof es);
	es.o = o;
	es.limit = opt_rows >= 0 ? (uint64_t)opt_rows : UINT64_MAX;
	for (cycle = 0; es.rows < es.limit; cycle++) {
		before = es.rows;
		set_ciclo(cycle);
		for (p = 1; p <= opt_periods && es.rows < es.limit; p++) {
			es.po = per != NULL ? &per[p - 1] : NULL;
			dias = period_days(cycle, p);
			for (si = 0; si < nschools && es.rows < es.limit;
			    si++)
				eval_school(&es, si, cycle, p, dias);
		}
		if (opt_rows < 0 || es.rows == before)
			break;
	}
}

/* ---------------------------------------------------------- compromisos */

enum { CS_PEND, CS_PROC, CS_CUMP, CS_NOCUMP, CS_REPROG, CS_CANCEL };

static const char *const cstatus[] = { "pendiente", "en_proceso",
    "cumplido", "no_cumplido", "reprogramado", "cancelado" };

/* Sessions a school takes commitments in, in date order. */
enum { SS_INT, SS_ORD1, SS_CTZ, SS_ORD2, SS_ORD3, NSESS };

struct event {
	long day;
	int minute;
	int status;
	long due;
	int nota;		/* index into the status's notes, -1 none */
};

struct commit {
	int sess;
	long sess_day;
	const char *fase;
	int num;
	int acuerdo;
	int resp;
	int teacher;		/* which of the school's teachers */
	long inicio;
	int nev;
	struct event ev[4];
};

/* How many commitments a school took in each session, and whether its
 * second ordinary session was one of aprendizaje entre escuelas. */
static void
commit_counts(const struct school *s, int counts[NSESS], int *entre)
{
	struct rng r;

	rseed(&r, D_COUNTS, s->id, 0);
	counts[SS_INT] = rrange(&r, 1, 2);
	counts[SS_ORD1] = rrange(&r, 4, 6);
	counts[SS_CTZ] = 1;
	counts[SS_ORD2] = rrange(&r, 4, 6);
	counts[SS_ORD3] = rrange(&r, 4, 6);
	*entre = rchance(&r, 333);
}

static int
commit_total(const struct school *s)
{
	int counts[NSESS], entre, i, t;

	commit_counts(s, counts, &entre);
	for (t = i = 0; i < NSESS; i++)
		t += counts[i];
	return t;
}

/* Commitment k (from 0) of a school, with its events. */
static void
make_commit(const struct school *s, int k, struct commit *c)
{
	int counts[NSESS], entre, i, j, type, tries;
	long end, due, d, prev;
	unsigned pm;
	struct rng r;
	static const int chains[][5] = {
		/* per mille, then the statuses after pendiente, -1 ends */
		{ 150, -1, -1, -1, -1 },
		{ 250, CS_PROC, -1, -1, -1 },
		{ 200, CS_CUMP, -1, -1, -1 },
		{ 150, CS_PROC, CS_CUMP, -1, -1 },
		{ 80, CS_NOCUMP, -1, -1, -1 },
		{ 50, CS_REPROG, CS_CUMP, -1, -1 },
		{ 40, CS_REPROG, -1, -1, -1 },
		{ 30, CS_PROC, CS_REPROG, -1, -1 },
		{ 50, CS_CANCEL, -1, -1, -1 }
	};

	commit_counts(s, counts, &entre);
	for (i = 0, j = k; i < NSESS && j >= counts[i]; i++)
		j -= counts[i];
	c->sess = i < NSESS ? i : SS_ORD3;
	switch (c->sess) {
	case SS_INT:
		c->sess_day = last_friday(ciclo_year, 8);
		c->fase = "intensiva";
		c->num = 5;
		break;
	case SS_ORD1:
		c->sess_day = last_friday(ciclo_year, 9);
		c->fase = "ordinaria";
		c->num = 1;
		break;
	case SS_CTZ:
		c->sess_day = last_friday(ciclo_year, 10) - 14;
		c->fase = "ctz";
		c->num = 2;
		break;
	case SS_ORD2:
		c->sess_day = last_friday(ciclo_year, 10);
		c->fase = entre ? "entre_escuelas" : "ordinaria";
		c->num = 2;
		break;
	default:
		c->sess_day = last_friday(ciclo_year, 11);
		c->fase = "ordinaria";
		c->num = 3;
		break;
	}

	rseed(&r, D_COMMIT, s->id, (uint64_t)k);
	tries = 0;
	do
		c->acuerdo = (int)rbelow(&r, NELEM(acuerdos));
	while (!(acuerdos[c->acuerdo].levels & (1 << s->level)) &&
	    ++tries < 100);
	tries = 0;
	do
		c->resp = (int)rbelow(&r, NELEM(responsables));
	while (!(responsables[c->resp].levels & (1 << s->level)) &&
	    ++tries < 100);
	c->teacher = (int)rbelow(&r, 4);
	if (c->sess == SS_CTZ)
		c->resp = 0;		/* the director answers to the zone */

	end = days_from_civil(ciclo_year + 1, 7, 31);
	c->inicio = c->sess_day + 3 + rrange(&r, 0, 4);	/* Mon-Fri */
	due = school_day(c->inicio + rrange(&r, 14, 70), -1);
	if (due > school_day(days_from_civil(ciclo_year + 1, 7, 15), -1))
		due = school_day(days_from_civil(ciclo_year + 1, 7, 15), -1);

	pm = rbelow(&r, 1000);
	for (type = 0; type + 1 < (int)NELEM(chains) &&
	    pm >= (unsigned)chains[type][0]; type++)
		pm -= (unsigned)chains[type][0];

	/* Recorded after the session (it ends at 13:00) or next week. */
	c->ev[0].day = c->sess_day + (rchance(&r, 600) ? 0 : rrange(&r, 3, 5));
	c->ev[0].minute = c->ev[0].day == c->sess_day ?
	    rrange(&r, 13 * 60 + 5, 19 * 60 + 59) :
	    rrange(&r, 8 * 60, 20 * 60 + 59);
	c->ev[0].status = CS_PEND;
	c->ev[0].due = due;
	c->ev[0].nota = -1;
	c->nev = 1;
	prev = c->ev[0].day;
	for (i = 1; i < 5 && chains[type][i] >= 0; i++) {
		struct event *ev = &c->ev[c->nev];

		ev->status = chains[type][i];
		ev->nota = -1;
		switch (ev->status) {
		case CS_PROC:
			d = c->inicio + rrange(&r, 0, 10);
			ev->nota = (int)rbelow(&r, NELEM(notes_progress));
			break;
		case CS_CUMP:
			d = due - 10 + rrange(&r, 0, 13);
			break;
		case CS_NOCUMP:
			d = due + rrange(&r, 1, 10);
			ev->nota = (int)rbelow(&r, NELEM(notes_no));
			break;
		case CS_REPROG:
			d = due - 5 + rrange(&r, 0, 5);
			ev->nota = 0;
			break;
		default:
			d = c->inicio + rrange(&r, 0, (int)(due - c->inicio));
			ev->nota = (int)rbelow(&r, NELEM(notes_cancel));
			break;
		}
		if (d <= prev)
			d = prev + 1;
		d = school_day(d, 1);
		if (ev->status == CS_REPROG) {
			due += rrange(&r, 21, 42);
			if (due < d + 7)
				due = d + 7;
			due = school_day(due, 1);
		}
		ev->due = due;
		ev->minute = rrange(&r, 8 * 60, 20 * 60 + 59);
		if (d > end)
			break;		/* the year is over */
		ev->day = d;
		prev = d;
		c->nev++;
	}
}

/* Sort key of an event: minute of the ciclo, school, commitment, event. */
#define EV_KEY(t, si, k, ev) (((uint64_t)(t) << 30) | \
	((uint64_t)(si) << 10) | ((uint64_t)(k) << 4) | (uint64_t)(ev))

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The ledger's columns, as sate-commit writes them (sate-formats(5)):
 * every event a full snapshot of its commitment; lote_resto 0 since each
 * generated event stands for an append of its own. */
static const char *const cols_compromisos[] = {
	"id", "registrado", "cct", "ciclo", "sesion_fecha", "sesion_fase",
	"sesion_num", "ambito", "acuerdo", "responsable",
	"resultado_esperado", "recursos", "fecha_inicio", "fecha_compromiso",
	"estatus", "evidencia", "nota", "lote_resto"
};

static const char *const recursos[] = {
	"Libros del rincón de lectura", "Cuadernillos de ejercicios",
	"Tiempo de la sesión de CTE", "Proyector del aula de medios",
	"Material de papelería", "Apoyo de madres y padres de familia",
	"Fichas de cálculo mental", "Guía del docente"
};

static void
fmt_date(char *buf, size_t size, long z)
{
	int y, m, d;

	civil_from_days(z, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

static void
gen_compromisos(struct out *o)
{
	uint64_t *keys;
	size_t nkeys, cap, si, i;
	long base;
	struct commit c;
	struct rng r;
	const char *who;
	char buf[256], d1[16], d2[16], d3[16], cct[11];
	int k, nk, ev;
	size_t typo_school = nschools / 2;

	set_ciclo(0);
	out_header(o, cols_compromisos, NELEM(cols_compromisos));
	base = days_from_civil(ciclo_year, 8, 1);
	cap = 1024;
	keys = gen_alloc(cap * sizeof *keys);
	nkeys = 0;
	for (si = 0; si < nschools; si++) {
		nk = commit_total(&schools[si]);
		for (k = 0; k < nk; k++) {
			make_commit(&schools[si], k, &c);
			for (ev = 0; ev < c.nev; ev++) {
				if (nkeys == cap) {
					cap *= 2;
					keys = realloc(keys, cap * sizeof *keys);
					if (keys == NULL)
						gen_die(SATE_EXIT_IO,
						    "out of memory");
				}
				keys[nkeys++] = EV_KEY((c.ev[ev].day - base) *
				    1440 + c.ev[ev].minute, si, k, ev);
			}
		}
	}
	qsort(keys, nkeys, sizeof *keys, u64_cmp);

	for (i = 0; i < nkeys; i++) {
		const struct school *s;
		const struct acuerdo *a;
		const struct event *e;
		int y, m, d;

		si = (size_t)(keys[i] >> 10 & 0xfffff);
		k = (int)(keys[i] >> 4 & 0x3f);
		ev = (int)(keys[i] & 0xf);
		s = &schools[si];
		make_commit(s, k, &c);
		a = &acuerdos[c.acuerdo];
		e = &c.ev[ev];

		snprintf(buf, sizeof buf, "%s-%s-%d", s->cct, ciclo_str, k + 1);
		out_str(o, buf);
		civil_from_days(e->day, &y, &m, &d);
		snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00-06:00",
		    y, m, d, e->minute / 60, e->minute % 60);
		out_str(o, buf);
		memcpy(cct, s->cct, sizeof cct);
		if ((opt_mess & MESS_CCTTYPO) && si == typo_school &&
		    k == 0 && ev == 0)
			cct[9] = (char)(cct[9] == 'Z' ? 'A' : cct[9] + 1);
		out_str(o, cct);
		out_str(o, ciclo_str);
		fmt_date(d1, sizeof d1, c.sess_day);
		out_str(o, d1);
		out_str(o, c.fase);
		out_num(o, (unsigned long)c.num);
		out_text(o, ambitos[a->ambito]);
		out_text(o, a->acuerdo);
		who = responsables[c.resp].who;
		if (who == RESP_DIRECTOR)
			out_str(o, s->director_f ? "Directora" : "Director");
		else if (who == resp_mtra || who == resp_mtro) {
			rseed(&r, D_SCHOOL, s->id, 10 + (uint64_t)c.teacher);
			snprintf(buf, sizeof buf, "%s %s", who,
			    surnames[rbelow(&r, NELEM(surnames))]);
			out_text(o, buf);
		} else
			out_text(o, who);
		out_text(o, a->resultado);
		out_text(o, recursos[(si * 7 + (size_t)k) % NELEM(recursos)]);
		fmt_date(d2, sizeof d2, c.inicio);
		out_str(o, d2);
		fmt_date(d3, sizeof d3, e->due);
		out_str(o, d3);
		out_str(o, cstatus[e->status]);
		out_text(o, e->status == CS_CUMP ? a->evidencia : "");
		switch (e->status) {
		case CS_PROC:
			out_text(o, notes_progress[e->nota]);
			break;
		case CS_NOCUMP:
			out_text(o, notes_no[e->nota]);
			break;
		case CS_REPROG:
			fmt_date(d1, sizeof d1, c.ev[ev - 1].due);
			snprintf(buf, sizeof buf, "Se reprograma, fecha "
			    "anterior %s", d1);
			out_text(o, buf);
			break;
		case CS_CANCEL:
			out_text(o, notes_cancel[e->nota]);
			break;
		default:
			out_raw(o, "", 0);
			break;
		}
		out_str(o, "0");
		out_end(o);
	}
	free(keys);
}

/* ----------------------------------------------------------------- main */

static long
parse_num(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		usage("invalid %s value '%s' (a whole number %ld to %ld)",
		    opt, s, min, max);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		usage("invalid %s value '%s' (a whole number %ld to %ld)",
		    opt, s, min, max);
	return v;
}

static void
parse_mess(const char *arg)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {
		{ "bom", MESS_BOM }, { "crlf", MESS_CRLF },
		{ "latin1", MESS_LATIN1 }, { "aliases", MESS_ALIASES },
		{ "badcurp", MESS_BADCURP }, { "ccttypo", MESS_CCTTYPO },
		{ "dup", MESS_DUP }, { "semicolon", MESS_SEMICOLON },
		{ "all", ~0U }
	};
	const char *p = arg, *q;
	size_t i, len;

	for (;;) {
		q = strchr(p, ',');
		len = q != NULL ? (size_t)(q - p) : strlen(p);
		for (i = 0; i < NELEM(names); i++)
			if (strlen(names[i].name) == len &&
			    strncmp(p, names[i].name, len) == 0)
				break;
		if (i == NELEM(names))
			usage("unknown mess '%.*s' in --mess (bom, crlf, "
			    "latin1, aliases, badcurp, ccttypo, dup, "
			    "semicolon, all)", (int)len, p);
		opt_mess |= names[i].bit;
		if (q == NULL)
			break;
		p = q + 1;
	}
}

static void
parse_ciclo(const char *s)
{
	int y1, y2;
	char end;

	if (strlen(s) != 9 || sscanf(s, "%4d-%4d%c", &y1, &y2, &end) != 2 ||
	    s[0] < '0' || s[0] > '9' || s[5] < '0' || s[5] > '9' ||
	    y2 != y1 + 1 || y1 < 1980 || y1 > 2098)
		usage("invalid --ciclo value '%s' (like 2025-2026, 1980 to "
		    "2098)", s);
	ciclo_year = y1;
}

/* mkdir -p */
static void
make_dir(const char *dir)
{
	char *p, *path, c;
	struct stat sb;

	if ((path = strdup(dir)) == NULL)
		gen_die(SATE_EXIT_IO, "out of memory");
	for (p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			gen_die(SATE_EXIT_IO, "cannot create %s: %s", path,
			    strerror(errno));
		*p = c;
		if (c == '\0')
			break;
	}
	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		gen_die(SATE_EXIT_IO, "cannot create %s: %s", path,
		    strerror(errno ? errno : ENOTDIR));
	free(path);
}

static char *
join(const char *dir, const char *file)
{
	size_t n = strlen(dir) + strlen(file) + 2;
	char *p = gen_alloc(n);

	snprintf(p, n, "%s/%s", dir, file);
	return p;
}

enum { OPT_SCHOOLS = 0x200, OPT_STUDENTS, OPT_PERIODS, OPT_CICLO,
    OPT_ROWS, OPT_RAW, OPT_MESS, OPT_VERSION };

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "outdir", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "schools", required_argument, NULL, OPT_SCHOOLS },
		{ "students", required_argument, NULL, OPT_STUDENTS },
		{ "periods", required_argument, NULL, OPT_PERIODS },
		{ "ciclo", required_argument, NULL, OPT_CICLO },
		{ "rows", required_argument, NULL, OPT_ROWS },
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "mess", required_argument, NULL, OPT_MESS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const kinds[] = { "escuelas", "alumnos",
	    "evaluaciones", "compromisos", "all" };
	const char *outdir = NULL;
	struct out o, per[MAXPERIODS];
	enum kind kind;
	size_t ns, i;
	uint64_t students;
	char *end, *path, name[32];
	int c, p;

	argv[0] = (char *)PROG;		/* for getopt's messages */
	while ((c = getopt_long(argc, argv, "o:s:h", longopts, NULL)) != -1)
		switch (c) {
		case 'o':
			outdir = optarg;
			break;
		case 's':
			errno = 0;
			opt_seed = strtoull(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' ||
			    errno != 0)
				usage("invalid --seed value '%s' (a whole "
				    "number 0 to 18446744073709551615)",
				    optarg);
			break;
		case OPT_SCHOOLS:
			opt_schools = parse_num("--schools", optarg, 1,
			    MAXSCHOOLS);
			break;
		case OPT_STUDENTS:
			opt_students = parse_num("--students", optarg, 1,
			    MAXSTUDENTS);
			break;
		case OPT_PERIODS:
			opt_periods = parse_num("--periods", optarg, 1,
			    MAXPERIODS);
			break;
		case OPT_CICLO:
			parse_ciclo(optarg);
			break;
		case OPT_ROWS:
			opt_rows = parse_num("--rows", optarg, 0, LONG_MAX);
			break;
		case OPT_RAW:
			opt_raw = 1;
			break;
		case OPT_MESS:
			parse_mess(optarg);
			break;
		case 'h':
			fputs(help_text, stdout);
			if (fflush(stdout) != 0 || ferror(stdout))
				gen_die(SATE_EXIT_IO, "write error: %s",
				    strerror(errno));
			return SATE_EXIT_OK;
		case OPT_VERSION:
			printf("%s (sate) %s\n", PROG, SATE_VERSION);
			return SATE_EXIT_OK;
		default:
			usage(NULL);
		}
	if (argc - optind != 1)
		usage(argc == optind ? "no KIND given" : "too many operands");
	for (i = 0; i < NELEM(kinds); i++)
		if (strcmp(argv[optind], kinds[i]) == 0)
			break;
	if (i == NELEM(kinds))
		usage("unknown KIND '%s'", argv[optind]);
	kind = (enum kind)i;
	if (kind == K_ALL && outdir == NULL)
		usage("all needs -o DIR");
	if ((opt_rows >= 0 || opt_raw) && kind != K_EVALUACIONES &&
	    kind != K_ALL)
		usage("%s applies to evaluaciones and all only",
		    opt_rows >= 0 ? "--rows" : "--raw");

	delim = (opt_mess & MESS_SEMICOLON) ? ';' : ',';
	crlf = (opt_mess & MESS_CRLF) != 0;
	latin1 = (opt_mess & MESS_LATIN1) != 0;

	sig_build(&sig_ap1, surnames, NELEM(surnames), 0, 1);
	sig_build(&sig_ap2, surnames, NELEM(surnames), 0, 0);
	sig_build(&sig_h, names_h, NELEM(names_h), 1, 0);
	sig_build(&sig_m, names_m, NELEM(names_m), 1, 0);
	perm_init();

	/* Zone size: natural, or from --students, or grown for --rows. */
	students = opt_students > 0 ? (uint64_t)opt_students : 0;
	if (opt_schools > 0)
		ns = (size_t)opt_schools;
	else if (students > 0)
		ns = (size_t)(students / STUDENTS_PER_SCHOOL);
	else
		ns = 10;
	if (ns < 1)
		ns = 1;
	if (ns > (size_t)MAXSCHOOLS)
		ns = (size_t)MAXSCHOOLS;
	make_schools(ns, students);
	if (opt_rows > 0 && opt_students < 0 &&
	    (uint64_t)opt_rows > nstudents * (uint64_t)opt_periods * 95 / 100) {
		/* About 3 % of the rows are missing (altas, bajas). */
		students = (uint64_t)opt_rows / (uint64_t)opt_periods;
		students += students / 20 + 10;
		if (students > (uint64_t)MAXSTUDENTS)
			students = (uint64_t)MAXSTUDENTS;
		if (opt_schools < 0) {
			ns = (size_t)(students / STUDENTS_PER_SCHOOL);
			if (ns < 1)
				ns = 1;
			if (ns > (size_t)MAXSCHOOLS)
				ns = (size_t)MAXSCHOOLS;
		}
		free(schools);
		make_schools(ns, students);
	}
	pick_specials();

	if (kind != K_ALL) {
		path = NULL;
		if (outdir != NULL) {
			make_dir(outdir);
			snprintf(name, sizeof name, "%s.csv", kinds[kind]);
			path = join(outdir, name);
		}
		out_open(&o, path);
		switch (kind) {
		case K_ESCUELAS:
			gen_escuelas(&o);
			break;
		case K_ALUMNOS:
			gen_alumnos(&o);
			break;
		case K_EVALUACIONES:
			gen_evaluaciones(&o, NULL);
			break;
		default:
			gen_compromisos(&o);
			break;
		}
		out_close(&o);
		free(path);
		return SATE_EXIT_OK;
	}

	make_dir(outdir);
	path = join(outdir, "escuelas.csv");
	out_open(&o, path);
	gen_escuelas(&o);
	out_close(&o);
	free(path);

	path = join(outdir, "alumnos.csv");
	out_open(&o, path);
	gen_alumnos(&o);
	out_close(&o);
	free(path);

	path = join(outdir, "evaluaciones.csv");
	out_open(&o, path);
	free(path);
	for (p = 1; p <= opt_periods; p++) {
		snprintf(name, sizeof name, "evaluaciones-p%d.csv", p);
		path = join(outdir, name);
		out_open(&per[p - 1], path);
		free(path);
	}
	gen_evaluaciones(&o, per);
	out_close(&o);
	for (p = 1; p <= opt_periods; p++)
		out_close(&per[p - 1]);

	path = join(outdir, "compromisos.csv");
	out_open(&o, path);
	gen_compromisos(&o);
	out_close(&o);
	free(path);
	return SATE_EXIT_OK;
}
