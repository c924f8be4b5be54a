-- The default sate-alert rule (levels given, not raw scores) as SQL for
-- csvkit's csvsql (SQLite), for scripts/bench: the same senales,
-- semaforo and motivos as sate-alert and scripts/bench-alert.mlr.
-- csvsql splits its query at semicolons: char(59) stands for one.
WITH f AS (
  SELECT *,
    ifnull(lectura = 'requiere_apoyo', 0) AS f1,
    ifnull(escritura = 'requiere_apoyo', 0) AS f2,
    ifnull(calculo = 'requiere_apoyo', 0) AS f3,
    ifnull(calif_espanol = 5 OR calif_matematicas = 5, 0) AS f4,
    ifnull(dias_lectivos >= 10 AND 10 * faltas >= dias_lectivos, 0) AS f5,
    ifnull(participacion = 'no se involucra', 0) AS f6,
    ifnull(convivencia = 'incidente', 0) AS f7
  FROM ev
)
SELECT ciclo, periodo, cct, grado, grupo, curp, lectura, escritura,
  calculo, faltas, dias_lectivos, calif_espanol, calif_matematicas,
  participacion, convivencia,
  f1 + f2 + f3 + f4 + f5 + f6 + f7 AS senales,
  CASE WHEN f1 + f2 + f3 + f4 + f5 + f6 + f7 >= 2 THEN 'rojo'
       WHEN f1 + f2 + f3 + f4 + f5 + f6 + f7 = 1 THEN 'amarillo'
       ELSE 'verde' END AS semaforo,
  ltrim(
    CASE WHEN f1 THEN char(59) || 'lectura=requiere_apoyo' ELSE '' END ||
    CASE WHEN f2 THEN char(59) || 'escritura=requiere_apoyo' ELSE '' END ||
    CASE WHEN f3 THEN char(59) || 'calculo=requiere_apoyo' ELSE '' END ||
    CASE WHEN f4 THEN char(59) || 'calificacion=' ||
      CASE WHEN calif_espanol = 5 AND calif_matematicas = 5
             THEN 'espanol:5+matematicas:5'
           WHEN calif_espanol = 5 THEN 'espanol:5'
           ELSE 'matematicas:5' END ELSE '' END ||
    CASE WHEN f5 THEN char(59) || 'inasistencia=' || CAST(faltas AS INTEGER) || '/' ||
      CAST(dias_lectivos AS INTEGER) ELSE '' END ||
    CASE WHEN f6 THEN char(59) || 'participacion=no_se_involucra' ELSE '' END ||
    CASE WHEN f7 THEN char(59) || 'convivencia=incidente' ELSE '' END, char(59)) AS motivos
FROM f
