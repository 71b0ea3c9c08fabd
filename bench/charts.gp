# Charts of the scaling series written by build/bench/bench (make bench): SVG files under bench/.
set terminal svg size 720,420 font "sans,12" background "white"
set grid
set key top right

set output "bench/scaling_rules.svg"
set title "Throughput against rule-set size (mixed corpus, one thread)"
set xlabel "Hyperscan patterns"
set ylabel "messages per second"
set logscale y
plot "build/bench/scaling_rules.dat" using 2:3 with linespoints lw 2 pt 7 title "libchatguard", \
     "" using 2:4 with linespoints lw 2 pt 5 title "PCRE2-JIT, one pattern per rule"

set output "bench/scaling_length.svg"
set title "Throughput against message length (one thread): flat = cost linear in length"
set xlabel "message length, bytes"
set ylabel "MB/s"
unset logscale
set logscale x
set yrange [0:*]
plot "build/bench/scaling_length.dat" using 1:3 with linespoints lw 2 pt 7 title "libchatguard"
