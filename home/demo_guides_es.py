"""The Spanish of the demo guides in home/demo_guides.py: the same advice, facts and
blocks, in plain Spanish that addresses the reader as "usted". Links to the site go
to its Spanish pages (/es/…)."""

GUIDES_ES = {
    "asking-friends-and-family-for-help": {
        "title": "Cómo pedir ayuda a familiares y amigos",
        "summary": "Muchas personas quieren ayudar, pero no saben cómo. Pedir cosas "
        "pequeñas y concretas se lo hace más fácil a todos.",
        "body": [
            (
                "text",
                "<p>Vivir con cáncer de mama metastásico quita tiempo y energía. A "
                "muchas personas les cuesta pedir ayuda, pero los amigos, la "
                "familia, los vecinos y las comunidades de fe a menudo dicen que "
                "quisieran saber qué hacer. Pedirles algo no es una carga: les da "
                "una manera de mostrar que les importa.</p>"
                "<h2>Pida cosas pequeñas y concretas</h2>"
                "<p>«Avíseme si necesita algo» es amable, pero difícil de cumplir. "
                "«¿Me podría llevar a mi cita el próximo martes a las 10?» es fácil "
                "de contestar con un sí o un no. Tenga una lista corta de tareas en "
                "su teléfono o en el refrigerador, para tener una respuesta lista "
                "cuando alguien le ofrezca ayuda.</p>"
                "<h2>Deje que una persona coordine</h2>"
                "<p>Un amigo o familiar cercano puede llevar la cuenta de quién "
                "hace qué, para que usted no tenga que contestar las mismas "
                "preguntas muchas veces. Los calendarios gratuitos en internet para "
                "comidas y transporte le pueden ayudar a organizarlo.</p>",
            ),
            (
                "checklist",
                {
                    "heading": "Tareas en las que la gente suele poder ayudar",
                    "items": [
                        "Llevarle al tratamiento o traerle de vuelta",
                        "Cocinar una comida o traerle víveres",
                        "Limpiar, lavar la ropa o arreglar el jardín",
                        "Recoger a los niños de la escuela o cuidar a las mascotas",
                        "Acompañarle durante una infusión o una cita",
                        "Hacer llamadas o llenar formularios con usted",
                    ],
                },
            ),
            (
                "callout",
                {
                    "heading": "También está bien decir que no",
                    "text": "<p>Puede agradecer una oferta que no necesita en este "
                    "momento. Su energía es lo primero.</p>",
                },
            ),
        ],
    },
    "applying-for-disability-benefits": {
        "title": "Cómo solicitar beneficios por discapacidad con cáncer de mama "
        "metastásico",
        "summary": "Cómo funcionan los beneficios por discapacidad del Seguro Social, "
        "y cómo hacer que su solicitud sea lo más sólida y rápida posible.",
        "body": [
            (
                "text",
                "<p>Si el cáncer de mama metastásico no le deja trabajar, es posible "
                "que pueda recibir beneficios por discapacidad de la Administración "
                "del Seguro Social (SSA, por sus siglas en inglés). Hay dos "
                "programas:</p>"
                "<ul><li><strong>El Seguro por Discapacidad del Seguro Social "
                "(SSDI)</strong> es para personas que han trabajado y pagado "
                "impuestos del Seguro Social durante suficiente tiempo.</li>"
                "<li><strong>La Seguridad de Ingreso Suplementario (SSI)</strong> es "
                "para personas con pocos ingresos y ahorros, sin importar cuánto "
                "hayan trabajado.</li></ul>"
                "<p>El cáncer de mama que se ha extendido a partes lejanas del "
                "cuerpo está en la lista de Aprobación Compasiva (Compassionate "
                "Allowances) de la SSA, que sirve para decidir más rápido en los "
                "casos más graves. Aun así, usted tiene que presentar la solicitud "
                "y enviar sus expedientes médicos.</p>"
                "<h2>Cómo presentar la solicitud</h2>"
                "<p>Puede presentarla en el sitio web del Seguro Social (ssa.gov), "
                "por teléfono o en una oficina local del Seguro Social. Un(a) "
                "trabajador(a) social del hospital, un(a) enfermero(a) navegador(a) "
                "o un(a) consejero(a) de beneficios gratuito(a) le puede ayudar a "
                "llenar los formularios.</p>",
            ),
            (
                "checklist",
                {
                    "heading": "Reúna esto antes de presentar la solicitud",
                    "items": [
                        "Su informe de patología o de imágenes que muestra que el "
                        "cáncer se ha extendido",
                        "Nombres, direcciones y teléfonos de sus médicos y centros "
                        "de tratamiento",
                        "Una lista de sus tratamientos y medicamentos",
                        "Su historial de trabajo de los últimos años",
                        "Su número de Seguro Social y sus datos bancarios para los "
                        "pagos",
                    ],
                },
            ),
            (
                "callout",
                {
                    "heading": "Conviene saber",
                    "text": "<p>Los pagos del SSDI suelen empezar después de un "
                    "periodo de espera de varios meses, así que presente la "
                    "solicitud en cuanto deje de trabajar. Pregunte a la SSA o a un "
                    "consejero de beneficios qué le corresponde a usted.</p>",
                },
            ),
        ],
    },
    "preparing-a-grant-application": {
        "title": "Cómo preparar una solicitud de ayuda económica",
        "summary": "La mayoría de los programas de ayuda económica piden los mismos "
        "pocos documentos. Tenerlos listos hace que solicitar sea más rápido y "
        "menos estresante.",
        "body": [
            (
                "text",
                "<p>Las ayudas de organizaciones benéficas suelen ser pequeñas y los "
                "fondos se pueden acabar, así que conviene solicitar a más de un "
                "programa y hacerlo al principio de su periodo de fondos. Lea "
                "primero las reglas de cada programa: a quién atiende, dónde, y si "
                "le paga a usted o paga la factura directamente.</p>"
                "<h2>Consejos</h2>"
                "<ul><li>Guarde copias de todo lo que envía y anote la fecha.</li>"
                "<li>Pregunte a su trabajador(a) social de oncología: muchos "
                "programas necesitan un formulario de su equipo médico, y los "
                "trabajadores sociales saben qué fondos están abiertos.</li>"
                "<li>Si le niegan una solicitud o los fondos están cerrados, "
                "pregunte cuándo puede volver a intentarlo.</li></ul>",
            ),
            (
                "checklist",
                {
                    "heading": "Documentos que los programas suelen pedir",
                    "items": [
                        "Una carta o un formulario de su médico que confirme su "
                        "diagnóstico",
                        "Comprobante de ingresos, como talones de pago o una carta "
                        "de beneficios",
                        "Identificación con foto y comprobante de domicilio",
                        "Copias de las facturas con las que necesita ayuda",
                    ],
                },
            ),
            (
                "callout",
                {
                    "heading": "Ahorre tiempo",
                    "text": "<p>Use «Guardar en Mi lista» en los programas a los "
                    "que quiere solicitar. Mi lista muestra una sola lista de los "
                    "documentos que piden todos, y la puede imprimir.</p>",
                },
            ),
        ],
    },
    "finding-rides-to-treatment": {
        "title": "Cómo conseguir transporte al tratamiento",
        "summary": "Maneras de llegar a sus citas cuando no puede manejar o no "
        "puede pagar el viaje.",
        "body": [
            (
                "text",
                "<p>El tratamiento del cáncer de mama metastásico puede significar "
                "muchos viajes, a veces durante años. Si le cuesta llegar, tiene "
                "opciones.</p>"
                "<h2>De dónde puede venir el transporte</h2>"
                "<ul><li><strong>Su centro de tratamiento.</strong> Pregunte al "
                "trabajador(a) social o al enfermero(a) navegador(a): muchos centros "
                "conocen conductores voluntarios y servicios de transporte de la "
                "zona.</li>"
                "<li><strong>Su seguro médico.</strong> Algunos planes de Medicaid y "
                "de Medicare Advantage cubren el transporte a citas médicas. Llame "
                "al número de su tarjeta y pregunte.</li>"
                "<li><strong>Organizaciones benéficas.</strong> Algunas ofrecen "
                "transporte gratis; otras dan tarjetas de gasolina o ayudan con el "
                "estacionamiento o los vuelos. Busque en este directorio con su "
                "código postal.</li>"
                "<li><strong>Las personas que conoce.</strong> Sus amigos y "
                "familiares pueden turnarse para llevarle.</li></ul>",
            ),
            (
                "callout",
                {
                    "heading": "Reserve con tiempo",
                    "text": "<p>Los programas de transporte a menudo necesitan "
                    "varios días de aviso. Pregunte con cuánta anticipación debe "
                    "reservar y si alguien puede ir con usted.</p>",
                },
            ),
        ],
    },
    "what-helps-a-friend-with-metastatic-breast-cancer": {
        "title": "Qué ayuda a una amiga con cáncer de mama metastásico",
        "summary": "La ayuda práctica suele valer más que las cosas: tiempo, "
        "transporte, comidas y tarjetas para gasolina y comida.",
        "body": [
            (
                "text",
                "<p>El cáncer de mama metastásico se trata mientras el tratamiento "
                "funcione, a menudo durante años. Eso significa citas, estudios y "
                "efectos secundarios que van y vienen, y facturas que siguen "
                "llegando. La ayuda que más importa suele ser sencilla y constante, "
                "no un solo gran gesto.</p>"
                "<h2>Ayuda práctica más que cosas</h2>"
                "<p>Una comida en el congelador, una cocina limpia, llevarla a una "
                "cita o una hora con los niños pueden liberar una energía que "
                "ningún regalo da. Si no está seguro, pregunte qué es lo más difícil "
                "de su semana y ofrézcase a encargarse de una parte.</p>"
                "<h2>Tarjetas de regalo para gasolina y comida</h2>"
                "<p>Manejar al tratamiento y comer bien cuestan dinero, y muchas "
                "personas pierden ingresos mientras reciben tratamiento. Una tarjeta "
                "de gasolina o de supermercado es fácil de dar y fácil de aceptar. "
                "Varios amigos pueden juntar dinero para una tarjeta más grande.</p>"
                "<h2>No deje de estar presente</h2>"
                "<p>Al principio llegan muchas ofertas y luego se apagan, pero la "
                "necesidad sigue. Un mensaje cada pocas semanas, o ayuda un día fijo "
                "cada mes, puede significar más que mucho de una vez.</p>"
                '<p>Pídale que <a href="/es/give/ask/">haga una página «Cómo puede '
                "ayudarme»</a>: en ella dice, con sus propias palabras, qué le "
                'ayudaría. O <a href="/es/give/?need=gas-cards">dé a través de un '
                'programa que reparte tarjetas de gasolina</a> o <a href="/es/give/'
                '?role=driver">maneje para uno</a>.</p>',
            ),
            (
                "checklist",
                {
                    "heading": "Ayuda que suele ser bienvenida",
                    "items": [
                        "Llevarla a una cita o traerla de vuelta",
                        "Una comida que se pueda congelar, o víveres a domicilio",
                        "Una tarjeta de gasolina o de supermercado",
                        "Una hora de limpieza, lavar la ropa o arreglar el jardín",
                        "Recoger a los niños, pasear al perro",
                        "Una tarjeta o un mensaje corto que no necesite respuesta",
                    ],
                },
            ),
        ],
    },
    "what-to-put-in-a-care-box": {
        "title": "Qué poner en una caja de cuidados",
        "summary": "Cosas suaves, útiles y delicadas, elegidas para dar consuelo "
        "durante el tratamiento, y qué es mejor no incluir.",
        "body": [
            (
                "text",
                "<p>Una caja de cuidados dice «pienso en usted» de una forma que "
                "dura. Las mejores traen pocas cosas útiles y cómodas, no muchas. "
                "Si puede, pregunte qué le gustaría, o de qué ya tiene demasiado.</p>"
                "<h2>Ideas que suelen ser bienvenidas</h2>"
                "<ul><li>Una cobija suave o un par de calcetines abrigados</li>"
                "<li>Crema y bálsamo labial sin perfume: el tratamiento puede secar "
                "la piel</li>"
                "<li>Un gorro suave o una mascada</li>"
                "<li>Una botella para el agua, bocadillos sencillos, caramelos de "
                "jengibre o mentas</li>"
                "<li>Algo para pasar el rato en las citas: un libro, pasatiempos, "
                "una libreta</li>"
                "<li>Una tarjeta de gasolina o de supermercado dentro de la "
                "caja</li>"
                "<li>Una tarjeta con unas palabras suyas</li></ul>"
                "<h2>Qué es mejor no incluir</h2>"
                "<p>Olores fuertes, flores o plantas (algunas personas deben "
                "evitarlas durante el tratamiento), y libros o folletos sobre "
                "enfermedades o curas, a menos que se los hayan pedido.</p>"
                "<p>Algunas organizaciones envían cajas de cuidados a muchas "
                "personas y reciben con gusto artículos o dinero: <a "
                'href="/es/give/?kind=items">vea maneras de donar artículos</a> o '
                '<a href="/es/give/?need=gift-and-care-boxes">ayude a un programa '
                "de cajas de cuidados</a>. Si prepara una caja para una sola "
                'persona, su <a href="/es/give/ask/">página «Cómo puede '
                "ayudarme»</a> puede decir qué le gustaría.</p>",
            ),
            (
                "callout",
                {
                    "heading": "Confirme antes de enviar",
                    "text": "<p>Los programas que reciben artículos donados dicen "
                    "cuáles necesitan y, a menudo, si deben ser nuevos. Lea primero "
                    "sus indicaciones.</p>",
                },
            ),
        ],
    },
    "how-to-offer-help-so-it-is-easy-to-accept": {
        "title": "Cómo ofrecer ayuda para que sea fácil aceptarla",
        "summary": "«Avíseme si necesita algo» es amable, pero difícil de aceptar. "
        "Una oferta concreta es fácil de contestar con un sí.",
        "body": [
            (
                "text",
                "<p>A la mayoría de las personas les cuesta pedir ayuda, y más aún "
                "pensar en una tarea para alguien cuando están cansadas. Una oferta "
                "abierta les deja todo ese trabajo a ellas. Una oferta concreta, "
                "no.</p>"
                "<h2>Diga la tarea y el momento</h2>"
                "<p>En vez de «Avíseme si necesita algo», pruebe con «Voy a ir a la "
                "tienda el sábado: ¿qué le traigo?» o «Puedo llevarla todos los "
                "martes de este mes». Una oferta clara se puede contestar con un sí "
                "o un no.</p>"
                "<h2>Haga que decir que no sea cómodo</h2>"
                "<p>Agregue «y está bien si me dice que no». La energía cambia de un "
                "día a otro; un plan que puede cambiar sin tener que disculparse es "
                "más fácil de aceptar.</p>"
                "<h2>Hágalo sin que se lo vuelvan a pedir</h2>"
                "<p>Alguna ayuda no necesita respuesta: una comida dejada en la "
                "puerta con un mensaje, la basura sacada, la nieve quitada.</p>"
                '<p>Si tiene <a href="/es/give/ask/">una página «Cómo puede '
                "ayudarme»</a>, empiece por ahí: dice qué le ayudaría. También "
                'puede <a href="/es/give/?kind=volunteer">ser voluntario en un '
                "programa</a> que ayuda a personas cerca de usted.</p>",
            ),
            (
                "checklist",
                {
                    "heading": "Ofertas que son fáciles de aceptar",
                    "items": [
                        "«Le traigo la cena el jueves. ¿Hay algo que no pueda comer?»",
                        "«Puedo llevarla a su cita del día 12».",
                        "«¿Puedo llevar a los niños al parque el sábado?»",
                        "«Mañana voy a la farmacia: ¿necesita algo?»",
                    ],
                },
            ),
        ],
    },
}
